import { Button, Card, Collapse, CopyButton, Group, Loader, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconFilter, IconLink, IconPlus, IconSearch } from '@tabler/icons-react';
import { useMediaQuery } from '@mantine/hooks';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { createLazyRoute, Link, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hasRole, useMe } from '../auth/session';
import { LightBadge, SubProjectStatusBadge } from '../ui/badges';
import { ErrorAlert } from '../ui/error-alert';
import { ExportMenu } from '../exports/export-menu';
import type { SubProjectFilters } from './routes';
import { LeadText, PeriodText, usePeriodText } from './sub-project-format';
import { organisationOptions, organisationsQuery, programmeQuery, programmesQuery, subProjectListQuery, type SubProjectListItem } from './sub-project.queries';
import './sub-projects.texts';

const STATUSES = ['draft', 'assigned', 'acknowledged', 'active', 'suspended', 'closed'] as const;
const LIGHTS = ['green', 'yellow', 'red', 'white', 'none'] as const;

function currentQuarter(): string {
  const taipei = new Date(Date.now() + 8 * 3600_000);
  return `${taipei.getUTCFullYear()}-Q${Math.floor(taipei.getUTCMonth() / 3) + 1}`;
}

function SubProjectListPage() {
  const { t } = useTranslation('subProjects');
  const me = useMe();
  const filters = Route.useSearch() as SubProjectFilters;
  const navigate = useNavigate({ from: '/sub-projects' });
  const setFilters = (change: Partial<SubProjectFilters>) =>
    void navigate({ search: (prev: SubProjectFilters) => ({ ...prev, ...change }), replace: true });

  const list = useInfiniteQuery(subProjectListQuery(filters));
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const period = list.data?.pages[0]?.period ?? currentQuarter();

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Title order={1}>{t('list.title')}</Title>
        {hasRole(me, 'coordinator', 'admin') && (
          <Button component={Link} to="/sub-projects/new" leftSection={<IconPlus size={16} aria-hidden />}>{t('common:nav.newSubProject')}</Button>
        )}
      </Group>

      <Filters filters={filters} period={period} onChange={setFilters} />

      <Group justify="space-between" wrap="wrap">
        <Text size="sm" aria-live="polite">
          {list.isPending ? t('common:states.loading') : t(list.hasNextPage ? 'list.countMore' : 'list.count', { count: items.length })}
        </Text>
        <Group gap="xs" align="flex-start">
          <CopyButton value={typeof window === 'undefined' ? '' : window.location.href}>
            {({ copied, copy }) => (
              <Button variant="subtle" size="compact-sm" leftSection={<IconLink size={16} aria-hidden />} onClick={copy}>
                {copied ? t('list.linkCopied') : t('list.copyLink')}
              </Button>
            )}
          </CopyButton>
          <ExportMenu
            list="sub-projects"
            filters={{
              programme: filters.programme, axis: filters.axis, ministry: filters.ministry, role: filters.ministry ? filters.role : undefined,
              status: filters.status, light: filters.light, rocYear: filters.rocYear, q: filters.q,
            }}
          />
        </Group>
      </Group>

      <ErrorAlert error={list.error} />
      {list.isSuccess && items.length === 0 && <Text>{t('list.empty')}</Text>}
      {items.length > 0 && (
        <>
          <Table.ScrollContainer minWidth={760} visibleFrom="sm">
            <Table striped highlightOnHover verticalSpacing="sm" aria-label={t('list.table')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('list.code')}</Table.Th>
                  <Table.Th scope="col">{t('list.name')}</Table.Th>
                  <Table.Th scope="col">{t('list.lead')}</Table.Th>
                  <Table.Th scope="col">{t('list.period')}</Table.Th>
                  <Table.Th scope="col">{t('list.statusCol')}</Table.Th>
                  <Table.Th scope="col">{t('list.lightCol')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((item) => (
                  <Table.Tr key={item.code}>
                    <Table.Td><Text size="sm" ff="monospace">{item.code}</Text></Table.Td>
                    <Table.Td><Link to="/sub-projects/$code" params={{ code: item.code }}>{item.name}</Link></Table.Td>
                    <Table.Td><LeadText item={item} /></Table.Td>
                    <Table.Td><PeriodText period={item.period} /></Table.Td>
                    <Table.Td><SubProjectStatusBadge status={item.status} /></Table.Td>
                    <Table.Td><LightBadge light={item.light?.colour} overridden={item.light?.overridden} /></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Stack gap="sm" hiddenFrom="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('list.table')}>
            {items.map((item) => <SubProjectCard key={item.code} item={item} />)}
          </Stack>
        </>
      )}
      {list.hasNextPage && (
        <Group justify="center">
          <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('list.loadMore')}
          </Button>
        </Group>
      )}
      {list.isFetchNextPageError && <ErrorAlert error={list.error} />}
    </Stack>
  );
}

function SubProjectCard({ item }: { item: SubProjectListItem }) {
  const { t } = useTranslation('subProjects');
  const periodText = usePeriodText();
  return (
    <Card component="li" withBorder padding="sm">
      <Stack gap={4}>
        <Link to="/sub-projects/$code" params={{ code: item.code }} style={{ fontWeight: 600 }}>{item.name}</Link>
        <Text size="sm" ff="monospace">{item.code}</Text>
        <Text size="sm">{t('list.leadLine', { lead: item.lead?.name ?? item.leadText ?? t('list.noLead') })}</Text>
        <Text size="sm">{t('list.periodLine', { period: periodText(item.period) })}</Text>
        <Group gap="xs" wrap="wrap">
          <SubProjectStatusBadge status={item.status} />
          <LightBadge light={item.light?.colour} overridden={item.light?.overridden} />
        </Group>
      </Stack>
    </Card>
  );
}

function Filters({ filters, period, onChange }: { filters: SubProjectFilters; period: string; onChange: (change: Partial<SubProjectFilters>) => void }) {
  const { t } = useTranslation('subProjects');
  const programmes = useQuery(programmesQuery);
  const programme = useQuery({ ...programmeQuery(filters.programme ?? ''), enabled: !!filters.programme });
  const organisations = useQuery(organisationsQuery);
  const [q, setQ] = useState(filters.q ?? '');
  useEffect(() => setQ(filters.q ?? ''), [filters.q]);

  const years = useMemo(() => {
    const p = programmes.data?.find((x) => x.code === filters.programme);
    const now = new Date().getFullYear();
    const from = p?.period.start?.ad ?? now - 8;
    const to = p?.period.end?.ad ?? now + 2;
    return Array.from({ length: Math.max(to - from + 1, 1) }, (_, i) => from + i).reverse();
  }, [programmes.data, filters.programme]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    onChange({ q: q.trim() || undefined });
  };
  const applied = Object.values(filters).filter((v) => v !== undefined).length;
  const any = applied > 0;
  const all = t('list.all');
  // On a phone the filters fold away behind one button, so the results are on the first screen.
  const narrow = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const [shown, setShown] = useState(false);

  return (
    <form role="search" aria-label={t('list.filters')} onSubmit={submit}>
      {narrow && (
        <Button
          variant="default" fullWidth mb="xs" aria-expanded={shown} aria-controls="sub-project-filters"
          leftSection={<IconFilter size={16} aria-hidden />} onClick={() => setShown((v) => !v)}
        >
          {t(shown ? 'list.hideFilters' : 'list.showFilters', { count: applied })}
        </Button>
      )}
      <Collapse expanded={!narrow || shown} id="sub-project-filters">
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
        <Select
          label={t('list.programme')}
          placeholder={all}
          clearable
          searchable
          data={(programmes.data ?? []).map((p) => ({ value: p.code, label: p.name }))}
          value={filters.programme ?? null}
          onChange={(v) => onChange({ programme: v ?? undefined, axis: undefined, rocYear: undefined })}
        />
        <Select
          label={t('list.axis')}
          placeholder={filters.programme ? all : t('list.selectAxisHint')}
          clearable
          disabled={!filters.programme}
          data={(programme.data?.axes ?? []).map((a) => ({ value: a.code, label: `${a.seq}. ${a.name}` }))}
          value={filters.axis ?? null}
          onChange={(v) => onChange({ axis: v ?? undefined })}
        />
        <Select
          label={t('list.ministry')}
          placeholder={all}
          clearable
          searchable
          data={organisationOptions(organisations.data)}
          value={filters.ministry ?? null}
          onChange={(v) => onChange({ ministry: v ?? undefined, role: v ? filters.role : undefined })}
        />
        <Select
          label={t('list.role')}
          disabled={!filters.ministry}
          allowDeselect={false}
          data={[
            { value: 'any', label: t('list.roleAny') },
            { value: 'lead', label: t('list.roleLead') },
            { value: 'co_organiser', label: t('list.roleCo') },
          ]}
          value={filters.role ?? 'any'}
          onChange={(v) => onChange({ role: v === 'lead' || v === 'co_organiser' ? v : undefined })}
        />
        <Select
          label={t('list.status')}
          placeholder={all}
          clearable
          data={STATUSES.map((s) => ({ value: s, label: t(`common:subProjectStatus.${s}`) }))}
          value={filters.status ?? null}
          onChange={(v) => onChange({ status: v ?? undefined })}
        />
        <Select
          label={t('list.light', { period })}
          placeholder={all}
          clearable
          data={LIGHTS.map((l) => ({ value: l, label: l === 'none' ? t('list.lightNone') : t(`common:light.${l}`) }))}
          value={filters.light ?? null}
          onChange={(v) => onChange({ light: (v ?? undefined) as SubProjectFilters['light'] })}
        />
        <Select
          label={t('list.rocYear')}
          placeholder={all}
          clearable
          data={years.map((ad) => ({ value: String(ad - 1911), label: t('list.rocYearOption', { roc: ad - 1911, ad }) }))}
          value={filters.rocYear ? String(filters.rocYear) : null}
          onChange={(v) => onChange({ rocYear: v ? Number(v) : undefined })}
        />
        <TextInput
          label={t('list.q')}
          placeholder={t('list.qPlaceholder')}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          maxLength={100}
          rightSectionWidth={40}
          rightSection={
            <Button type="submit" variant="subtle" size="compact-sm" px={6} aria-label={t('common:actions.search')}>
              <IconSearch size={16} aria-hidden />
            </Button>
          }
        />
      </SimpleGrid>
      </Collapse>
      {any && (
        <Group mt="xs">
          <Button variant="subtle" size="compact-sm" onClick={() => { setQ(''); onChange(Object.fromEntries(Object.keys(filters).map((k) => [k, undefined]))); }}>
            {t('list.clearFilters')}
          </Button>
        </Group>
      )}
      {(programmes.isPending || organisations.isPending) && <Loader size="xs" aria-label={t('common:states.loading')} mt="xs" />}
    </form>
  );
}

export const Route = createLazyRoute('/app/sub-projects')({ component: SubProjectListPage });
