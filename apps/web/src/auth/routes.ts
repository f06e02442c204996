import { createRoute } from '@tanstack/react-router';
import type { AnyRoute } from '@tanstack/react-router';

/** Pages reached without a session: the one-time link's set-password page and "forgot password". */
export const accountLinkRoutes = (root: AnyRoute) => [
  createRoute({
    getParentRoute: () => root,
    path: '/set-password',
    validateSearch: (search: Record<string, unknown>): { token?: string } =>
      (typeof search.token === 'string' && /^[A-Za-z0-9_-]{20,200}$/.test(search.token) ? { token: search.token } : {}),
  }).lazy(() => import('./set-password.page').then((m) => m.Route)),
  createRoute({ getParentRoute: () => root, path: '/forgot-password' }).lazy(() => import('./forgot-password.page').then((m) => m.Route)),
] as const;
