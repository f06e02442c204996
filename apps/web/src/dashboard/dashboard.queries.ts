import { infiniteQueryOptions, type QueryClient, queryOptions } from '@tanstack/react-query';
import { api, type Schemas, unwrap } from '../api/client';
import { pageData } from '../api/priority';
import { programmesQuery } from '../sub-projects/sub-project.queries';
import { type DashboardSearch, type Light, shownView } from './search';

export type Portfolio = Schemas['PortfolioDto'];
export type PortfolioItem = Schemas['PortfolioItemDto'];
export type OverdueMilestone = Schemas['OverdueMilestoneDto'];
export type PendingReview = Schemas['PendingReviewDto'];
export type MinistryPerformanceRow = Schemas['MinistryPerformanceRowDto'];

const PAGE = 25;

/**
 * Started by the route as soon as it matches, while the page's code is still loading: the counts the
 * page opens with are on their way one round of chunk downloads earlier.
 */
export async function prefetchPortfolio(queryClient: QueryClient, search: DashboardSearch): Promise<void> {
  const { programme, period } = shownView(search, search.programme ? [] : await queryClient.ensureQueryData(programmesQuery));
  if (programme) await queryClient.prefetchQuery(portfolioQuery(programme, period));
}

/** Counts per light overall, per axis and per lead ministry (the caller's scope). */
export const portfolioQuery = (programme: string, period: string) =>
  queryOptions({
    queryKey: ['dashboard', 'portfolio', programme, period],
    queryFn: () => pageData(() => unwrap(api.GET('/api/dashboards/portfolio', { params: { query: { programme, period } } }))),
  });

/** The sub-projects showing one light, page after page. */
export const drillDownQuery = (programme: string, period: string, light: Light) =>
  infiniteQueryOptions({
    queryKey: ['dashboard', 'drill-down', programme, period, light],
    queryFn: async ({ pageParam }) => {
      const page = await unwrap(api.GET('/api/dashboards/portfolio', {
        params: { query: { programme, period, light, limit: PAGE, after: pageParam ?? undefined } },
      }));
      return { items: page.drillDown?.items ?? [], nextCursor: page.drillDown?.nextCursor ?? null };
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });

export const overdueQuery = (programme: string) =>
  infiniteQueryOptions({
    queryKey: ['dashboard', 'overdue', programme],
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/dashboards/overdue-milestones', { params: { query: { programme, limit: 10, after: pageParam ?? undefined } } })),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });

export const pendingQuery = (programme: string) =>
  infiniteQueryOptions({
    queryKey: ['dashboard', 'pending', programme],
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/dashboards/pending-reviews', { params: { query: { programme, limit: 10, after: pageParam ?? undefined } } })),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });

export const performanceQuery = (programme: string, year: number) =>
  queryOptions({
    queryKey: ['dashboard', 'performance', programme, year],
    queryFn: () => unwrap(api.GET('/api/dashboards/ministry-performance', { params: { query: { programme, year } } })),
  });
