import { createRoute } from '@tanstack/react-router';
import type { AppRoute } from '../app/router';

export const importRoutes = (parent: AppRoute) => [
  createRoute({ getParentRoute: () => parent, path: '/imports' }).lazy(() => import('./import.page').then((m) => m.Route)),
] as const;
