import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, type Schemas, unwrap } from '../api/client';

export type Report = Schemas['ReportDto'];
export type ReportKind = Schemas['ReportKindDto'];
export type ReportSchedule = Schemas['ReportScheduleDto'];
export type RequestReportBody = Schemas['RequestReportDto'];
export type ScheduleBody = Schemas['CreateReportScheduleDto'];

const PAGE_SIZE = 20;
/** How often a report still queued or running is asked about again. */
const POLL_MS = 1500;

export const reportKindsQuery = queryOptions({ queryKey: ['report-kinds'], queryFn: () => unwrap(api.GET('/api/reports/kinds')), staleTime: 10 * 60_000 });

/** The reports the caller may see, newest first, one page after another. */
export const reportListQuery = infiniteQueryOptions({
  queryKey: ['reports', 'list'],
  queryFn: ({ pageParam }) => unwrap(api.GET('/api/reports', { params: { query: { limit: PAGE_SIZE, after: pageParam ?? undefined } } })),
  initialPageParam: null as string | null,
  getNextPageParam: (last) => last.nextCursor,
});

const isFinished = (report: Report | undefined) => report?.status === 'ready' || report?.status === 'failed';

/** One report, asked about again every POLL_MS until it is ready or failed. */
export const reportQuery = (id: string) =>
  queryOptions({
    queryKey: ['reports', 'one', id],
    queryFn: () => unwrap(api.GET('/api/reports/{id}', { params: { path: { id } } })),
    refetchInterval: (query) => (isFinished(query.state.data) ? false : POLL_MS),
  });

export function useRequestReport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RequestReportBody) => unwrap(api.POST('/api/reports', { body })),
    onSuccess: (report) => {
      queryClient.setQueryData(['reports', 'one', report.id], report);
      return queryClient.invalidateQueries({ queryKey: ['reports', 'list'] });
    },
  });
}

export const meetingsQuery = queryOptions({ queryKey: ['meetings'], queryFn: () => unwrap(api.GET('/api/meetings')), staleTime: 5 * 60_000 });
export const gateReviewsQuery = queryOptions({ queryKey: ['gate-reviews'], queryFn: () => unwrap(api.GET('/api/gate-reviews', {})), staleTime: 60_000 });

// Report schedules (coordinators).

export const schedulesQuery = queryOptions({ queryKey: ['report-schedules'], queryFn: () => unwrap(api.GET('/api/report-schedules')) });

export const scheduleQuery = (id: string) =>
  queryOptions({ queryKey: ['report-schedules', id], queryFn: () => unwrap(api.GET('/api/report-schedules/{id}', { params: { path: { id } } })) });

export const scheduleRunsQuery = (id: string) =>
  queryOptions({ queryKey: ['report-schedules', id, 'runs'], queryFn: () => unwrap(api.GET('/api/report-schedules/{id}/runs', { params: { path: { id } } })) });

/** The server's reading of a cron (the worker's parser): its next three runs in Taipei, or a 400 naming the problem. */
export const cronPreviewQuery = (cron: string) =>
  queryOptions({
    queryKey: ['report-schedules', 'preview', cron],
    queryFn: () => unwrap(api.GET('/api/report-schedules/preview', { params: { query: { cron } } })),
    enabled: cron.trim().length > 0,
    retry: false,
    staleTime: 60_000,
  });

export function useSaveSchedule(id: string | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ScheduleBody & { version?: number }) =>
      id
        ? unwrap(api.PATCH('/api/report-schedules/{id}', { params: { path: { id } }, body: { ...body, version: body.version! } }))
        : unwrap(api.POST('/api/report-schedules', { body })),
    onSuccess: (saved) => {
      queryClient.setQueryData(['report-schedules', saved.id], saved);
      return queryClient.invalidateQueries({ queryKey: ['report-schedules'], exact: true });
    },
  });
}

export function useDeleteSchedule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/report-schedules/{id}', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['report-schedules'], exact: true }),
  });
}
