import { createRoute } from '@tanstack/react-router';
import type { AppRoute } from '../app/router';

export const accountRoutes = (parent: AppRoute) => [
  createRoute({ getParentRoute: () => parent, path: '/account' }).lazy(() => import('./account.page').then((m) => m.Route)),
] as const;
