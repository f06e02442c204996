import { createRoute } from '@tanstack/react-router';
import type { AppRoute } from '../app/router';

export const milestoneRoutes = (parent: AppRoute) => [
  createRoute({ getParentRoute: () => parent, path: '/milestones/$code' }).lazy(() => import('./milestone.page').then((m) => m.Route)),
];
