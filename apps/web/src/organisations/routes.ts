import { createRoute } from '@tanstack/react-router';
import type { AppRoute } from '../app/router';

export const organisationRoutes = (parent: AppRoute) => [
  createRoute({ getParentRoute: () => parent, path: '/organisations' }).lazy(() => import('./organisations.page').then((m) => m.Route)),
] as const;
