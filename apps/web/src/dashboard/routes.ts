import { createRoute } from '@tanstack/react-router';
import type { AppRoute } from '../app/router';
import { prefetchPortfolio } from './dashboard.queries';

export type Light = 'green' | 'yellow' | 'red' | 'white';
export const LIGHTS: readonly Light[] = ['red', 'yellow', 'white', 'green'];

/** The dashboard's view, in the URL so that a link reproduces it. */
export interface DashboardSearch {
  programme?: string;
  /** YYYY-Qn */
  period?: string;
  /** Drill down into the sub-projects showing this light. */
  light?: Light;
}

const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, 64) : undefined);

export function parseDashboardSearch(search: Record<string, unknown>): DashboardSearch {
  const period = text(search.period);
  const light = text(search.light);
  return {
    programme: text(search.programme),
    period: period && /^[0-9]{4}-Q[1-4]$/.test(period) ? period : undefined,
    light: (LIGHTS as readonly string[]).includes(light ?? '') ? (light as Light) : undefined,
  };
}

export const dashboardRoutes = (parent: AppRoute) => [
  createRoute({
    getParentRoute: () => parent,
    path: '/dashboard',
    validateSearch: parseDashboardSearch,
    loaderDeps: ({ search }) => ({ programme: search.programme, period: search.period }),
    // Not awaited: the page shows its loaders meanwhile; a failure is the page's query to show.
    loader: ({ context, deps }) => void prefetchPortfolio(context.queryClient, deps).catch(() => undefined),
  }).lazy(() => import('./dashboard.page').then((m) => m.Route)),
];
