import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import { navigationData } from '../api/priority';

export const MY_WORK_KEY = ['my-work'] as const;

/** 我的待辦: what the signed-in user must act on. Mutations that change any of it invalidate MY_WORK_KEY. */
export const myWorkQuery = queryOptions({
  queryKey: MY_WORK_KEY,
  // Also the navigation's badge: after the page's own requests (api/priority.ts).
  queryFn: () => navigationData(() => unwrap(api.GET('/api/me/work'))),
});

/** The number of items waiting for the signed-in user (the navigation's badge), or null while unknown. */
export function useMyWorkCount(): number | null {
  return useQuery({ ...myWorkQuery, select: (work) => work.counts.total }).data ?? null;
}
