import { createRoute } from '@tanstack/react-router';
import type { AppRoute } from '../app/router';

/** The list's filters, in the URL so that a link reproduces the view. */
export interface UserFilters {
  q?: string;
  role?: string;
  organisation?: string;
  status?: 'active' | 'inactive';
}

const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, 100) : undefined);

export function parseUserFilters(search: Record<string, unknown>): UserFilters {
  const status = text(search.status);
  return {
    q: text(search.q),
    role: text(search.role),
    organisation: text(search.organisation),
    status: status === 'active' || status === 'inactive' ? status : undefined,
  };
}

export const userRoutes = (parent: AppRoute) => [
  createRoute({ getParentRoute: () => parent, path: '/users', validateSearch: parseUserFilters }).lazy(() => import('./user-list.page').then((m) => m.Route)),
  createRoute({ getParentRoute: () => parent, path: '/users/new' }).lazy(() => import('./user-new.page').then((m) => m.Route)),
  createRoute({ getParentRoute: () => parent, path: '/users/$id' }).lazy(() => import('./user-detail.page').then((m) => m.Route)),
] as const;
