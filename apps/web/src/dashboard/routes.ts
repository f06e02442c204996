import { createRoute } from '@tanstack/react-router';
import type { AppRoute } from '../app/router';
import { prefetchPortfolio } from './dashboard.queries';
import { parseDashboardSearch } from './search';

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
