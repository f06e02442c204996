import { createRoute } from '@tanstack/react-router';
import type { AppRoute } from '../app/router';

export const meetingRoutes = (parent: AppRoute) => [
  createRoute({ getParentRoute: () => parent, path: '/meetings' }).lazy(() => import('./meeting-list.page').then((m) => m.Route)),
  createRoute({ getParentRoute: () => parent, path: '/meetings/$code' }).lazy(() => import('./meeting.page').then((m) => m.Route)),
  createRoute({ getParentRoute: () => parent, path: '/resolutions/$code' }).lazy(() => import('./resolution.page').then((m) => m.Route)),
] as const;
