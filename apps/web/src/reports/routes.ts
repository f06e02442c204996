import { createRoute } from '@tanstack/react-router';
import type { AppRoute } from '../app/router';

export const reportRoutes = (parent: AppRoute) => [
  createRoute({ getParentRoute: () => parent, path: '/reports' }).lazy(() => import('./reports.page').then((m) => m.Route)),
  createRoute({ getParentRoute: () => parent, path: '/reports/schedules' }).lazy(() => import('./schedules.page').then((m) => m.Route)),
  createRoute({ getParentRoute: () => parent, path: '/reports/schedules/new' }).lazy(() => import('./schedule-edit.page').then((m) => m.NewRoute)),
  createRoute({ getParentRoute: () => parent, path: '/reports/schedules/$id' }).lazy(() => import('./schedule-edit.page').then((m) => m.EditRoute)),
] as const;
