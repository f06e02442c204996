import { createRoute } from '@tanstack/react-router';
import type { AppRoute } from '../app/router';

export const dueDateChangeRoutes = (parent: AppRoute) => [
  createRoute({ getParentRoute: () => parent, path: '/due-date-changes/$id' }).lazy(() => import('./due-date-change.page').then((m) => m.Route)),
];
