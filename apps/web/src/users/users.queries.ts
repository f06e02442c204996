import { infiniteQueryOptions, keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, type Schemas, unwrap } from '../api/client';

export type DirectoryUser = Schemas['DirectoryUserDto'];
export type UserRole = DirectoryUser['roles'][number];

/** Every users query starts with this key: a mutation that changes a user invalidates it. */
export const USERS_KEY = ['users'] as const;

export interface DirectoryFilters {
  q?: string;
  role?: string;
  organisation?: string;
  active?: boolean;
  id?: string;
  limit?: number;
}

export function directoryQuery(filters: DirectoryFilters) {
  return queryOptions({
    queryKey: [...USERS_KEY, 'directory', filters],
    queryFn: () => unwrap(api.GET('/api/users', { params: { query: filters as never } })),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

/** 「name（organisation）」, as every picker and list shows a person. */
export function userLabel(user: Pick<DirectoryUser, 'displayName' | 'organisationName'>): string {
  return user.organisationName ? `${user.displayName}（${user.organisationName}）` : user.displayName;
}

export type UserDetail = Schemas['UserDetailDto'];
export type ManagementScope = Schemas['ManagementScopeDto'];

export const managementScopeQuery = queryOptions({
  queryKey: [...USERS_KEY, 'management-scope'],
  queryFn: () => unwrap(api.GET('/api/users/management-scope')),
  staleTime: 5 * 60_000,
});

export function userDetailQuery(id: string) {
  return queryOptions({
    queryKey: [...USERS_KEY, 'detail', id],
    queryFn: () => unwrap(api.GET('/api/users/{id}', { params: { path: { id } } })),
  });
}

/** Organisations as choices: ministries first; a unit shows its parent beside its name. */
export function organisationChoices(scope: ManagementScope | undefined): { value: string; label: string }[] {
  if (!scope) return [];
  const byCode = new Map(scope.organisations.map((o) => [o.code, o]));
  const rank: Record<string, number> = { ministry: 0, agency: 1, body: 2, office: 3, unit: 4 };
  return [...scope.organisations]
    .sort((a, b) => (rank[a.kind] ?? 9) - (rank[b.kind] ?? 9) || a.name.localeCompare(b.name, 'zh-Hant'))
    .map((o) => {
      const parent = o.parent ? byCode.get(o.parent) : undefined;
      return { value: o.code, label: o.kind === 'unit' && parent ? `${o.name}（${parent.name}）` : o.name };
    });
}

const PAGE_SIZE = 50;

/** The administrators' list: pages by the directory's keyset cursor. */
export const userListQuery = (filters: { q?: string; role?: string; organisation?: string; status?: 'active' | 'inactive' }) =>
  infiniteQueryOptions({
    queryKey: [...USERS_KEY, 'list', filters],
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/users', {
        params: {
          query: {
            q: filters.q, role: filters.role as never, organisation: filters.organisation,
            active: filters.status === undefined ? undefined : filters.status === 'active', limit: PAGE_SIZE, cursor: pageParam ?? undefined,
          },
        },
      })),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
