import { infiniteQueryOptions } from '@tanstack/react-query';
import { api, type Schemas, unwrap } from '../api/client';
import type { RoadmapSearch } from './routes';

export type RoadmapRow = Schemas['RoadmapRowDto'];
export type RoadmapMilestone = Schemas['RoadmapMilestoneDto'];

/** Pages of 500: a roadmap is read whole, and the table renders only the rows on screen. */
const PAGE = 500;

export const roadmapQuery = (f: RoadmapSearch) =>
  infiniteQueryOptions({
    queryKey: ['roadmap', { ...f, scale: undefined }],
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/roadmap', {
        params: {
          query: {
            programme: f.programme, axis: f.axis, ministry: f.ministry, role: f.ministry ? f.role : undefined, status: f.status as never,
            light: f.light, rocYear: f.rocYear, q: f.q, limit: PAGE, after: pageParam ?? undefined,
          },
        },
      })),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
