import { createRoute } from '@tanstack/react-router';
import type { AppRoute } from '../app/router';

export const programmeRoutes = (parent: AppRoute) => [
  createRoute({ getParentRoute: () => parent, path: '/programmes' }).lazy(() => import('./programme-list.page').then((m) => m.Route)),
  createRoute({ getParentRoute: () => parent, path: '/programmes/$code' }).lazy(() => import('./programme.page').then((m) => m.Route)),
];
