import { Button, Card, Group, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { createLazyRoute, Link, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hasRole, useMe } from '../auth/session';
import { ErrorAlert } from '../ui/error-alert';
import { RoleList, UserStatusBadge } from './user-badges';
import type { UserFilters } from './routes';
import { managementScopeQuery, organisationChoices, userListQuery } from './users.queries';
import './users.texts';

const ALL_ROLES = ['admin', 'coordinator', 'ministry_officer', 'ministry_supervisor', 'ministry_admin', 'reviewer', 'viewer'] as const;

function UserListPage() {
  const { t } = useTranslation('users');
  const me = useMe();
  const filters = Route.useSearch() as UserFilters;
  const navigate = useNavigate({ from: '/users' });
  const setFilters = (change: Partial<UserFilters>) => void navigate({ search: (prev: UserFilters) => ({ ...prev, ...change }), replace: true });
  const list = useInfiniteQuery(userListQuery(filters));
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Title order={1}>{t('list.title')}</Title>
        <Button component={Link} to="/users/new" leftSection={<IconPlus size={16} aria-hidden />}>{t('list.new')}</Button>
      </Group>
      <Text>{hasRole(me, 'admin') ? t('list.intro') : t('list.introMinistry')}</Text>
      <Filters filters={filters} onChange={setFilters} />
      <Text size="sm" aria-live="polite">
        {list.isPending ? t('common:states.loading') : t(list.hasNextPage ? 'list.countMore' : 'list.count', { count: items.length })}
      </Text>
      <ErrorAlert error={list.error} />
      {list.isSuccess && items.length === 0 && <Text>{t('list.none')}</Text>}
      {items.length > 0 && (
        <>
          <Table.ScrollContainer minWidth={720} visibleFrom="sm">
            <Table striped highlightOnHover verticalSpacing="sm" aria-label={t('list.caption')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('list.name')}</Table.Th>
                  <Table.Th scope="col">{t('list.email')}</Table.Th>
                  <Table.Th scope="col">{t('list.organisation')}</Table.Th>
                  <Table.Th scope="col">{t('list.roles')}</Table.Th>
                  <Table.Th scope="col">{t('list.status')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((u) => (
                  <Table.Tr key={u.id}>
                    <Table.Td><Link to="/users/$id" params={{ id: u.id }}>{u.displayName}</Link></Table.Td>
                    <Table.Td><Text size="sm" style={{ wordBreak: 'break-all' }}>{u.email}</Text></Table.Td>
                    <Table.Td>{u.organisationName ?? '—'}</Table.Td>
                    <Table.Td><RoleList roles={u.roles} /></Table.Td>
                    <Table.Td><UserStatusBadge isActive={u.isActive} invited={u.invited} /></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Stack gap="sm" hiddenFrom="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('list.caption')}>
            {items.map((u) => (
              <Card key={u.id} component="li" withBorder padding="sm">
                <Stack gap={4}>
                  <Link to="/users/$id" params={{ id: u.id }} style={{ fontWeight: 600 }}>{u.displayName}</Link>
                  <Text size="sm" style={{ wordBreak: 'break-all' }}>{u.email}</Text>
                  <Text size="sm">{u.organisationName ?? '—'}</Text>
                  <RoleList roles={u.roles} />
                  <Group><UserStatusBadge isActive={u.isActive} invited={u.invited} /></Group>
                </Stack>
              </Card>
            ))}
          </Stack>
        </>
      )}
      {list.hasNextPage && (
        <Group justify="center">
          <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>{t('common:actions.loadMore')}</Button>
        </Group>
      )}
    </Stack>
  );
}

function Filters({ filters, onChange }: { filters: UserFilters; onChange: (change: Partial<UserFilters>) => void }) {
  const { t } = useTranslation('users');
  const { t: tc } = useTranslation();
  const scope = useQuery(managementScopeQuery);
  const [q, setQ] = useState(filters.q ?? '');
  useEffect(() => setQ(filters.q ?? ''), [filters.q]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onChange({ q: q.trim() || undefined });
  };
  const roles = scope.data?.grantableRoles ?? ALL_ROLES;
  return (
    <form onSubmit={submit} role="search" aria-label={t('list.search')}>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="sm">
        <TextInput
          label={t('list.search')} value={q} onChange={(e) => setQ(e.currentTarget.value)} type="search"
          rightSection={<IconSearch size={16} aria-hidden />} onBlur={() => onChange({ q: q.trim() || undefined })}
        />
        <Select
          label={t('list.role')} placeholder={t('list.anyRole')} clearable value={filters.role ?? null}
          data={roles.map((r) => ({ value: r, label: tc(`roles.${r}`) }))} onChange={(v) => onChange({ role: v ?? undefined })}
        />
        <Select
          label={t('list.organisation')} placeholder={t('list.anyOrganisation')} clearable searchable value={filters.organisation ?? null}
          data={organisationChoices(scope.data)} onChange={(v) => onChange({ organisation: v ?? undefined })}
        />
        <Select
          label={t('list.status')} placeholder={t('list.anyStatus')} clearable value={filters.status ?? null}
          data={[{ value: 'active', label: t('status.active') }, { value: 'inactive', label: t('status.inactive') }]}
          onChange={(v) => onChange({ status: (v ?? undefined) as UserFilters['status'] })}
        />
      </SimpleGrid>
      <button type="submit" hidden>{tc('actions.search')}</button>
    </form>
  );
}

export const Route = createLazyRoute('/app/users')({ component: UserListPage });
