import { createRoute } from '@tanstack/react-router';
import type { AppRoute } from '../app/router';

const revision = (v: unknown) => {
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 ? n : undefined;
};

export const submissionRoutes = (parent: AppRoute) => [
  createRoute({ getParentRoute: () => parent, path: '/submissions/$id' }).lazy(() => import('./submission.page').then((m) => m.Route)),
  createRoute({
    getParentRoute: () => parent,
    path: '/submissions/$id/diff',
    validateSearch: (search: Record<string, unknown>): { from?: number; to?: number } => ({ from: revision(search.from), to: revision(search.to) }),
  }).lazy(() => import('./submission-diff.page').then((m) => m.Route)),
];
