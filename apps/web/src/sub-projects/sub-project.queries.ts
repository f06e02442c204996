import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, type Schemas, unwrap } from '../api/client';
import type { SubProjectFilters } from './routes';

export type SubProjectDetail = Schemas['SubProjectDetailDto'];
export type SubProjectListItem = Schemas['SubProjectListItemDto'];
export type StatusLight = Schemas['StatusLightDto'];

const PAGE_SIZE = 25;

/** One page after another, by the API's keyset cursor; the filters are the query key. */
export const subProjectListQuery = (filters: SubProjectFilters) =>
  infiniteQueryOptions({
    queryKey: ['sub-projects', filters],
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/sub-projects', {
        params: {
          query: {
            programme: filters.programme, axis: filters.axis, ministry: filters.ministry, role: filters.ministry ? filters.role : undefined,
            status: filters.status as never, light: filters.light, rocYear: filters.rocYear, q: filters.q,
            limit: PAGE_SIZE, after: pageParam ?? undefined,
          },
        },
      })),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });

export const subProjectQuery = (code: string) =>
  queryOptions({ queryKey: ['sub-project', code], queryFn: () => unwrap(api.GET('/api/sub-projects/{code}', { params: { path: { code } } })) });

export const subProjectLightsQuery = (code: string) =>
  queryOptions({ queryKey: ['sub-project', code, 'lights'], queryFn: () => unwrap(api.GET('/api/sub-projects/{code}/lights', { params: { path: { code } } })) });

export const assignmentsQuery = (code: string) =>
  queryOptions({ queryKey: ['sub-project', code, 'assignments'], queryFn: () => unwrap(api.GET('/api/sub-projects/{code}/assignments', { params: { path: { code } } })) });

export const programmesQuery = queryOptions({ queryKey: ['programmes'], queryFn: () => unwrap(api.GET('/api/programmes')), staleTime: 10 * 60_000 });

export const programmeQuery = (code: string) =>
  queryOptions({ queryKey: ['programme', code], queryFn: () => unwrap(api.GET('/api/programmes/{code}', { params: { path: { code } } })), staleTime: 10 * 60_000 });

export const organisationsQuery = queryOptions({ queryKey: ['organisations'], queryFn: () => unwrap(api.GET('/api/organisations')), staleTime: 10 * 60_000 });

/** Ministries first, then agencies and the rest; units keep their parent's name beside theirs. */
export function organisationOptions(orgs: Schemas['OrganisationDto'][] | undefined): { value: string; label: string }[] {
  if (!orgs) return [];
  const byCode = new Map(orgs.map((o) => [o.code, o]));
  const rank = { ministry: 0, agency: 1, body: 2, office: 3, unit: 4 } as Record<string, number>;
  return [...orgs]
    .sort((a, b) => (rank[a.kind] ?? 9) - (rank[b.kind] ?? 9) || a.name.localeCompare(b.name, 'zh-Hant'))
    .map((o) => {
      const parent = o.kind === 'unit' && o.parent ? byCode.get(o.parent) : undefined;
      return { value: o.code, label: parent ? `${o.name}（${parent.name}）` : o.name };
    });
}

/** After any change to a sub-project: its detail, its history, its lights and every list page. */
function useInvalidateSubProject(code: string): () => Promise<void> {
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: ['sub-project', code] }),
      queryClient.invalidateQueries({ queryKey: ['sub-projects'] }),
      queryClient.invalidateQueries({ queryKey: ['my-work'] }),
    ]);
  };
}

export type Transition = 'activate' | 'suspend' | 'resume' | 'close';

export function useTransition(code: string) {
  const invalidate = useInvalidateSubProject(code);
  return useMutation({
    mutationFn: ({ action, version, reason }: { action: Transition; version: number; reason?: string }) => {
      const body = { version, reason: reason?.trim() || undefined };
      const path = { params: { path: { code } }, body };
      switch (action) {
        case 'activate': return unwrap(api.POST('/api/sub-projects/{code}/activate', path));
        case 'suspend': return unwrap(api.POST('/api/sub-projects/{code}/suspend', path));
        case 'resume': return unwrap(api.POST('/api/sub-projects/{code}/resume', path));
        case 'close': return unwrap(api.POST('/api/sub-projects/{code}/close', path));
      }
    },
    onSuccess: invalidate,
  });
}

export function useAcknowledge(code: string) {
  const invalidate = useInvalidateSubProject(code);
  return useMutation({
    mutationFn: (version: number) => unwrap(api.POST('/api/sub-projects/{code}/acknowledge', { params: { path: { code } }, body: { version } })),
    onSuccess: invalidate,
  });
}

export function useAssign(code: string) {
  const invalidate = useInvalidateSubProject(code);
  return useMutation({
    mutationFn: (body: Schemas['AssignBody']) => unwrap(api.POST('/api/sub-projects/{code}/assign', { params: { path: { code } }, body })),
    onSuccess: invalidate,
  });
}

export function useAddMilestone(code: string) {
  const invalidate = useInvalidateSubProject(code);
  return useMutation({
    mutationFn: (body: Schemas['CreateMilestoneBody']) => unwrap(api.POST('/api/sub-projects/{code}/milestones', { params: { path: { code } }, body })),
    onSuccess: invalidate,
  });
}

export function useOverrideLight(code: string) {
  const invalidate = useInvalidateSubProject(code);
  return useMutation({
    mutationFn: ({ period, ...body }: { period: string } & Schemas['OverrideLightBody']) =>
      unwrap(api.POST('/api/sub-projects/{code}/lights/{period}/override', { params: { path: { code, period } }, body })),
    onSuccess: invalidate,
  });
}

export function useClearOverride(code: string) {
  const invalidate = useInvalidateSubProject(code);
  return useMutation({
    mutationFn: (period: string) => unwrap(api.DELETE('/api/sub-projects/{code}/lights/{period}/override', { params: { path: { code, period } } })),
    onSuccess: invalidate,
  });
}

export function useCreateSubProject() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['CreateSubProjectBody']) => unwrap(api.POST('/api/sub-projects', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['sub-projects'] }),
  });
}
