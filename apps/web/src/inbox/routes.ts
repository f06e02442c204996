import { createRoute } from '@tanstack/react-router';
import type { AppRoute } from '../app/router';

export const inboxRoutes = (parent: AppRoute) => [
  createRoute({ getParentRoute: () => parent, path: '/inbox' }).lazy(() => import('./inbox.page').then((m) => m.Route)),
  createRoute({ getParentRoute: () => parent, path: '/inbox/preferences' }).lazy(() => import('./preferences.page').then((m) => m.Route)),
];
