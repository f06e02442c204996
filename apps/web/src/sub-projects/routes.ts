import { createRoute } from '@tanstack/react-router';
import type { AppRoute } from '../app/router';

/** The list's filters, in the URL so that a link reproduces the view. */
export interface SubProjectFilters {
  programme?: string;
  axis?: string;
  ministry?: string;
  role?: 'lead' | 'co_organiser' | 'any';
  status?: string;
  light?: 'green' | 'yellow' | 'red' | 'white' | 'none';
  rocYear?: number;
  q?: string;
}

const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, 200) : undefined);

export function parseSubProjectFilters(search: Record<string, unknown>): SubProjectFilters {
  const role = text(search.role);
  const light = text(search.light);
  const rocYear = Number(search.rocYear);
  return {
    programme: text(search.programme),
    axis: text(search.axis),
    ministry: text(search.ministry),
    role: role === 'lead' || role === 'co_organiser' || role === 'any' ? role : undefined,
    status: text(search.status),
    light: light === 'green' || light === 'yellow' || light === 'red' || light === 'white' || light === 'none' ? light : undefined,
    rocYear: Number.isInteger(rocYear) && rocYear > 0 && rocYear < 300 ? rocYear : undefined,
    q: text(search.q),
  };
}

export const subProjectRoutes = (parent: AppRoute) => [
  createRoute({ getParentRoute: () => parent, path: '/sub-projects', validateSearch: parseSubProjectFilters }).lazy(() =>
    import('./sub-project-list.page').then((m) => m.Route),
  ),
  createRoute({ getParentRoute: () => parent, path: '/sub-projects/new' }).lazy(() => import('./sub-project-new.page').then((m) => m.Route)),
  createRoute({ getParentRoute: () => parent, path: '/sub-projects/$code' }).lazy(() => import('./sub-project-detail.page').then((m) => m.Route)),
];
