import { queryOptions } from '@tanstack/react-query';
import { api, type Schemas, unwrap } from '../api/client';

export type MilestoneDetail = Schemas['MilestoneDetailDto'];
export type DueDateChange = Schemas['DueDateChangeDto'];

/** ['milestone', code] and everything under it: a request or a decision invalidates the prefix. */
export const milestoneKey = (code: string) => ['milestone', code] as const;

export const milestoneQuery = (code: string) =>
  queryOptions({ queryKey: milestoneKey(code), queryFn: () => unwrap(api.GET('/api/milestones/{code}', { params: { path: { code } } })) });

export const milestoneChangesQuery = (code: string) =>
  queryOptions({
    queryKey: [...milestoneKey(code), 'due-date-changes'],
    queryFn: () => unwrap(api.GET('/api/milestones/{code}/due-date-changes', { params: { path: { code } } })),
  });

/** The milestone's one submission, if the caller may see it (the secretariat sees it once sent). */
export const milestoneSubmissionQuery = (code: string) =>
  queryOptions({
    queryKey: ['submissions', { milestone: code }],
    queryFn: async () => (await unwrap(api.GET('/api/submissions', { params: { query: { milestone: code, limit: 1 } } }))).items[0] ?? null,
  });
