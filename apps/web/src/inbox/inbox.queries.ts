import { infiniteQueryOptions, queryOptions, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';
import { navigationData } from '../api/priority';

export const INBOX_KEY = ['inbox'] as const;
/** The navigation badge polls this often, and again whenever the window regains focus. */
const UNREAD_POLL_MS = 60_000;

export const unreadCountQuery = queryOptions({
  queryKey: [...INBOX_KEY, 'unread-count'],
  queryFn: () => navigationData(() => unwrap(api.GET('/api/me/notifications/unread-count'))),
  refetchInterval: UNREAD_POLL_MS,
  refetchOnWindowFocus: 'always',
});

/** Unread notifications of the signed-in user, or null while unknown. */
export function useUnreadCount(enabled: boolean): number | null {
  return useQuery({ ...unreadCountQuery, enabled, select: (r) => r.unread }).data ?? null;
}

export const inboxQuery = (filter: { unread: boolean; kind: string | null }) =>
  infiniteQueryOptions({
    queryKey: [...INBOX_KEY, 'list', filter],
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/me/notifications', {
        params: { query: { limit: 25, ...(filter.unread ? { unread: true } : {}), ...(filter.kind ? { kind: filter.kind } : {}), ...(pageParam ? { after: pageParam } : {}) } },
      })),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchOnWindowFocus: 'always',
  });

export const PREFERENCES_KEY = ['notification-preferences'] as const;
export const preferencesQuery = queryOptions({ queryKey: PREFERENCES_KEY, queryFn: () => unwrap(api.GET('/api/me/notification-preferences')) });

export const CALENDAR_KEY = ['calendar-feed'] as const;
export const calendarQuery = queryOptions({ queryKey: CALENDAR_KEY, queryFn: () => unwrap(api.GET('/api/me/calendar-feed')) });
