import { queryOptions, useQueryClient } from '@tanstack/react-query';
import { api, type Schemas, unwrap } from '../api/client';

export type MeetingListItem = Schemas['MeetingListItemDto'];
export type MeetingDetail = Schemas['MeetingDetailDto'];
export type AgendaItem = Schemas['AgendaItemDto'];
export type ResolutionDetail = Schemas['ResolutionDetailDto'];
export type TrackingStatus = 'tracking' | 'release_requested' | 'released';

const MEETINGS_KEY = ['meetings'] as const;

/** Every meeting (the reports screen lists GET /api/meetings under the same key). */
export const meetingListQuery = queryOptions({ queryKey: MEETINGS_KEY, queryFn: () => unwrap(api.GET('/api/meetings')) });

export const meetingQuery = (code: string) =>
  queryOptions({ queryKey: [...MEETINGS_KEY, 'one', code], queryFn: () => unwrap(api.GET('/api/meetings/{code}', { params: { path: { code } } })) });

export const resolutionKey = (code: string) => ['resolutions', code] as const;

export const resolutionQuery = (code: string) =>
  queryOptions({ queryKey: resolutionKey(code), queryFn: () => unwrap(api.GET('/api/resolutions/{code}', { params: { path: { code } } })) });

/** After a step: the resolution shows what the API answered, and every meeting (counts, agendas) is asked again. */
export function useRefreshMeetings() {
  const queryClient = useQueryClient();
  return (resolution?: ResolutionDetail) => {
    if (resolution) queryClient.setQueryData(resolutionKey(resolution.code), resolution);
    void queryClient.invalidateQueries({ queryKey: MEETINGS_KEY });
    void queryClient.invalidateQueries({ queryKey: ['resolutions'] });
    void queryClient.invalidateQueries({ queryKey: ['my-work'] });
  };
}

export const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
