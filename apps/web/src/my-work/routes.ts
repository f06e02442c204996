import { createRoute } from '@tanstack/react-router';
import type { AppRoute } from '../app/router';

export const myWorkRoutes = (parent: AppRoute) => [
  createRoute({ getParentRoute: () => parent, path: '/' }).lazy(() => import('./my-work.page').then((m) => m.Route)),
];
