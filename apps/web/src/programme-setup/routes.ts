import { createRoute } from '@tanstack/react-router';
import type { AppRoute } from '../app/router';

export const programmeSetupRoutes = (parent: AppRoute) => [
  createRoute({ getParentRoute: () => parent, path: '/programme-setup' }).lazy(() => import('./programme-list.page').then((m) => m.Route)),
  createRoute({ getParentRoute: () => parent, path: '/programme-setup/$code' }).lazy(() => import('./programme-setup.page').then((m) => m.Route)),
] as const;
