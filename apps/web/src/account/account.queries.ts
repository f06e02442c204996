import { queryOptions } from '@tanstack/react-query';
import { api, type Schemas, unwrap } from '../api/client';
import { navigationData } from '../api/priority';

export type Delegation = Schemas['DelegationDto'];
export type AuditEvent = Schemas['AuditEventDto'];

export const profileQuery = queryOptions({ queryKey: ['account', 'profile'], queryFn: () => unwrap(api.GET('/api/me/profile')) });
export const sessionsQuery = queryOptions({ queryKey: ['account', 'sessions'], queryFn: () => unwrap(api.GET('/api/me/sessions')) });
export const myDelegationsQuery = queryOptions({ queryKey: ['account', 'delegations'], queryFn: () => navigationData(() => unwrap(api.GET('/api/me/delegations'))), staleTime: 60_000 });
export const candidatesQuery = queryOptions({ queryKey: ['account', 'candidates'], queryFn: () => unwrap(api.GET('/api/me/delegate-candidates')) });

export const auditQuery = (entityType: string, entityId: string, version?: number) => queryOptions({
  queryKey: ['audit', entityType, entityId, version ?? null],
  queryFn: () => unwrap(api.GET('/api/audit', { params: { query: { entityType, entityId } } })),
  retry: false,
});
