import { createRoute } from '@tanstack/react-router';
import type { AppRoute } from '../app/router';
import type { GateReviewStatus } from './gates.queries';

/** The list's filters, in the URL so that a link reproduces the view. */
export interface GateListFilters {
  status?: GateReviewStatus;
  q?: string;
}

const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, 200) : undefined);

export const gateRoutes = (parent: AppRoute) => [
  createRoute({
    getParentRoute: () => parent,
    path: '/gates',
    validateSearch: (search: Record<string, unknown>): GateListFilters => {
      const status = text(search.status);
      return { status: status === 'scheduled' || status === 'scoring' || status === 'decided' ? status : undefined, q: text(search.q) };
    },
  }).lazy(() => import('./gate-list.page').then((m) => m.Route)),
  createRoute({
    getParentRoute: () => parent,
    path: '/gates/new',
    validateSearch: (search: Record<string, unknown>): { subProject?: string } => ({ subProject: text(search.subProject) }),
  }).lazy(() => import('./gate-schedule.page').then((m) => m.Route)),
  createRoute({ getParentRoute: () => parent, path: '/gates/$id' }).lazy(() => import('./gate-review.page').then((m) => m.Route)),
] as const;
