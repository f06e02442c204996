import { Alert, Button, Card, type CardProps, Group, Loader, Select, SimpleGrid, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconArrowsSort, IconInfoCircle, IconList } from '@tabler/icons-react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { createLazyRoute, createLink, Link, useNavigate } from '@tanstack/react-router';
import { type AnchorHTMLAttributes, forwardRef, lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hasRole, useMe } from '../auth/session';
import { programmesQuery } from '../sub-projects/sub-project.queries';
import { LightBadge } from '../ui/badges';
import { ErrorAlert } from '../ui/error-alert';
import { DateText, useFormatDate, useFormatInstant } from '../ui/format';
import { ButtonLink } from '../ui/links';
import { ScrollTable } from '../ui/scroll-table';
import {
  drillDownQuery, type MinistryPerformanceRow, overdueQuery, pendingQuery, performanceQuery, type Portfolio, portfolioQuery,
} from './dashboard.queries';
import { LIGHT_ORDER, LIGHT_STYLE } from './light-style';
import { quarterLabel, quartersBetween, taipeiQuarter } from './quarters';
import { ProgrammeReportButton } from './programme-report-button';
import { type DashboardSearch, type Light, shownView } from './search';
import './dashboard.texts';
import { ExportMenu } from '../exports/export-menu';
import { LoadMore } from '../ui/load-more';

const EChart = lazy(() => import('./echart'));

// A card that is a router link, keeping the router's typing of search (Mantine's component={Link} loses it).
const CardBase = forwardRef<HTMLAnchorElement, CardProps & AnchorHTMLAttributes<HTMLAnchorElement>>((props, ref) => <Card component="a" ref={ref} {...props} />);
const CardLink = createLink(CardBase);

type Counts = Portfolio['counts'];

function DashboardPage() {
  const { t } = useTranslation('dashboard');
  const me = useMe();
  const search = Route.useSearch() as DashboardSearch;
  const navigate = useNavigate({ from: '/dashboard' });
  const programmes = useQuery(programmesQuery);
  const { programme, period } = shownView(search, programmes.data ?? []);
  const current = taipeiQuarter();
  const chosen = programmes.data?.find((p) => p.code === programme);
  const firstYear = chosen?.period.start?.ad ?? Number(current.slice(0, 4)) - 2;
  const lastQuarter = chosen?.period.end && chosen.period.end.ad < Number(current.slice(0, 4)) ? `${chosen.period.end.ad}-Q4` : current;
  const quarters = useMemo(() => {
    const list = quartersBetween(Math.min(firstYear, Number(period.slice(0, 4))), lastQuarter > period ? lastQuarter : period);
    return list;
  }, [firstYear, lastQuarter, period]);
  const setSearch = (change: Partial<DashboardSearch>) => void navigate({ search: (prev: DashboardSearch) => ({ ...prev, programme, ...change }), replace: true });

  // A link's programme that no longer exists (or never did) is said in words and nothing more is asked for
  // it. The counts are asked before the programme list is in (the route has asked already); the rest after.
  const unknownProgramme = !!programme && !!programmes.data && !chosen;
  const counted = unknownProgramme ? undefined : programme;
  const shown = chosen ? programme : undefined;
  const portfolio = useQuery({ ...portfolioQuery(counted ?? '', period), enabled: !!counted });
  // The panels below the counts ask once the counts are in: on a large programme their queries (the year's
  // ministry performance above all) would otherwise share the database with the counts the page opens with.
  const countsSettled = !portfolio.isPending;
  const ministry = !hasRole(me, 'coordinator', 'admin', 'viewer', 'reviewer');
  // The submissions waiting and the programme report are the secretariat's and leadership's (the API refuses reviewers).
  const leadership = hasRole(me, 'coordinator', 'admin', 'viewer');

  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Title order={1}>{t('title')}</Title>
        {shown && leadership && <ProgrammeReportButton programme={shown} period={period} />}
      </Group>

      <form aria-label={t('title')} onSubmit={(e) => e.preventDefault()}>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" maw={720}>
          <Select
            label={t('programme')}
            allowDeselect={false}
            searchable
            data={(programmes.data ?? []).map((p) => ({ value: p.code, label: p.name }))}
            value={programme ?? null}
            onChange={(v) => v && setSearch({ programme: v, light: undefined })}
          />
          <Select
            label={t('period')}
            allowDeselect={false}
            data={quarters.map((q) => ({ value: q, label: quarterLabel(t, q) }))}
            value={period}
            onChange={(v) => v && setSearch({ period: v, light: undefined })}
          />
        </SimpleGrid>
      </form>

      {portfolio.data && <ScopeNote portfolio={portfolio.data} />}
      {ministry && <Text size="sm">{t('reportMinistry')}</Text>}
      {unknownProgramme && (
        <Alert color="orange" variant="light" role="alert" icon={<IconInfoCircle aria-hidden />} styles={{ message: { color: '#5c2b00' } }}>
          {t('unknownProgramme', { code: programme })}
        </Alert>
      )}
      <ErrorAlert error={programmes.error ?? portfolio.error} />
      {(programmes.isPending || (!!counted && portfolio.isPending)) && <Loader size="sm" aria-label={t('loading')} />}

      {portfolio.data && counted && (
        <>
          <Overall portfolio={portfolio.data} programme={counted} period={period} selected={search.light} />
          {search.light && (
            <DrillDown programme={counted} period={period} light={search.light} count={portfolio.data.counts[search.light]} onClose={() => setSearch({ light: undefined })} />
          )}
          <Breakdown portfolio={portfolio.data} />
        </>
      )}
      {shown && <Overdue programme={shown} enabled={countsSettled} />}
      {shown && (leadership ? <Pending programme={shown} enabled={countsSettled} /> : <Text size="sm">{t('pendingForSecretariat')}</Text>)}
      {shown && <Performance programme={shown} year={Number(period.slice(0, 4))} enabled={countsSettled} />}
    </Stack>
  );
}

function ScopeNote({ portfolio }: { portfolio: Portfolio }) {
  const { t } = useTranslation('dashboard');
  const names = portfolio.scope.organisations.map((o) => o.name).join('、');
  return (
    <Alert variant="light" color="blue" icon={<IconInfoCircle aria-hidden />} styles={{ message: { color: '#0b3d6b' } }}>
      {portfolio.scope.all ? t('scopeAll') : t('scopeOwn', { organisations: names })}
    </Alert>
  );
}

const share = (n: number, total: number) => (total ? ((n * 100) / total).toFixed(1) : '0.0');

function Overall({ portfolio, programme, period, selected }: { portfolio: Portfolio; programme: string; period: string; selected?: Light }) {
  const { t } = useTranslation('dashboard');
  return (
    <section aria-labelledby="overall-title">
      <Title order={2} size="h3" id="overall-title">{t('overall')}</Title>
      <Text size="sm" mb="xs">{t('overallHint', { period: quarterLabel(t, portfolio.period, true), total: portfolio.total })}</Text>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {LIGHT_ORDER.map((light) => {
          const s = LIGHT_STYLE[light];
          const n = portfolio.counts[light];
          const name = t(`common:light.${light}`);
          return (
            <li key={light}>
              <CardLink
                to="/dashboard"
                search={{ programme, period, light }}
                hash="drill-down"
                aria-current={selected === light ? 'true' : undefined}
                aria-label={`${name} ${t('tileCount', { count: n })}，${t('tileShare', { share: share(n, portfolio.total) })}：${t('tileLink', { light: name })}`}
                withBorder
                padding="sm"
                style={{ background: s.bg, color: s.fg, borderColor: s.border, borderWidth: selected === light ? 3 : 1, textDecoration: 'none' }}
              >
                <Group gap={6} wrap="nowrap">
                  <s.icon size={22} aria-hidden />
                  <Text fw={700}>{name}</Text>
                </Group>
                <Text fz={28} fw={700} lh={1.2}>{n}</Text>
                <Text size="sm">{t('tileShare', { share: share(n, portfolio.total) })}</Text>
                <Text size="sm" td="underline">{t('tileLink', { light: name })}</Text>
              </CardLink>
            </li>
          );
        })}
      </SimpleGrid>
    </section>
  );
}

/** A stacked bar per row (axis or ministry), one series per light, drawn with its decal pattern. */
function stackedOption(labels: string[], rows: Counts[], lightName: (l: Light) => string) {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: labels, inverse: true, axisLabel: { width: 140, overflow: 'truncate' } },
    series: LIGHT_ORDER.map((light) => ({
      name: lightName(light), type: 'bar', stack: 'lights', data: rows.map((r) => r[light]), itemStyle: { color: LIGHT_STYLE[light].bar, borderColor: '#495057', borderWidth: 0.5 },
    })),
  };
}

function CountsTable({ caption, nameHeader, rows }: { caption: string; nameHeader: string; rows: { key: string; name: string; total: number; counts: Counts }[] }) {
  const { t } = useTranslation('dashboard');
  return (
    <ScrollTable minWidth={420} label={caption}>
      <Table striped verticalSpacing="xs" aria-label={caption}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{nameHeader}</Table.Th>
            {LIGHT_ORDER.map((l) => <Table.Th key={l} scope="col" ta="right">{t(`common:light.${l}`)}</Table.Th>)}
            <Table.Th scope="col" ta="right">{t('total')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.key}>
              <Table.Th scope="row" fw={500}>{r.name}</Table.Th>
              {LIGHT_ORDER.map((l) => <Table.Td key={l} ta="right">{r.counts[l]}</Table.Td>)}
              <Table.Td ta="right" fw={600}>{r.total}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

function Breakdown({ portfolio }: { portfolio: Portfolio }) {
  const { t } = useTranslation('dashboard');
  const lightName = (l: Light) => t(`common:light.${l}`);
  const describe = (rows: { name: string; counts: Counts }[]) => rows.map((r) => `${r.name}：${LIGHT_ORDER.map((l) => `${lightName(l)} ${r.counts[l]}`).join('、')}`).join('；');
  const axes = portfolio.byAxis.map((a) => ({ key: a.axis.code, name: a.axis.name, total: a.total, counts: a.counts }));
  const ministries = portfolio.byMinistry.map((m) => ({ key: m.ministry?.code ?? '-', name: m.ministry?.name ?? t('noLead'), total: m.total, counts: m.counts }));
  const axisOption = useMemo(() => stackedOption(axes.map((a) => a.name), axes.map((a) => a.counts), lightName), [portfolio]);
  const ministryOption = useMemo(() => stackedOption(ministries.map((a) => a.name), ministries.map((a) => a.counts), lightName), [portfolio]);
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
      <section aria-labelledby="by-axis-title">
        <Title order={2} size="h3" id="by-axis-title">{t('byAxis')}</Title>
        <Text size="sm">{t('chartTableHint')}</Text>
        {axes.length > 0 && (
          <Suspense fallback={<Loader size="xs" aria-label={t('loading')} />}>
            <EChart option={axisOption} height={Math.max(160, 48 + axes.length * 36)} label={t('chartAxis')} description={describe(axes)} />
          </Suspense>
        )}
        {axes.length > 0 ? <CountsTable caption={t('byAxis')} nameHeader={t('axis')} rows={axes} /> : <Text>{t('common:states.empty')}</Text>}
      </section>
      <section aria-labelledby="by-ministry-title">
        <Title order={2} size="h3" id="by-ministry-title">{t('byMinistry')}</Title>
        <Text size="sm">{t('chartTableHint')}</Text>
        {ministries.length > 0 && (
          <Suspense fallback={<Loader size="xs" aria-label={t('loading')} />}>
            <EChart option={ministryOption} height={Math.max(160, 48 + ministries.length * 28)} label={t('chartMinistry')} description={describe(ministries)} />
          </Suspense>
        )}
        {ministries.length > 0 ? <CountsTable caption={t('byMinistry')} nameHeader={t('ministry')} rows={ministries} /> : <Text>{t('common:states.empty')}</Text>}
      </section>
    </SimpleGrid>
  );
}

function DrillDown({ programme, period, light, count, onClose }: { programme: string; period: string; light: Light; count: number; onClose: () => void }) {
  const { t, i18n } = useTranslation('dashboard');
  const list = useInfiniteQuery(drillDownQuery(programme, period, light));
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const name = t(`common:light.${light}`);
  return (
    <section aria-labelledby="drill-down" id="drill-down-section">
      <Group justify="space-between" wrap="wrap">
        <Title order={2} size="h3" id="drill-down" tabIndex={-1}>{t('drillTitle', { light: name, count })}</Title>
        <Group gap="xs">
          <ButtonLink to="/sub-projects" search={{ programme, light }} variant="subtle" size="compact-sm" leftSection={<IconList size={16} aria-hidden />}>
            {t('drillInList')}
          </ButtonLink>
          <Button variant="default" size="compact-sm" onClick={onClose}>{t('drillClose')}</Button>
        </Group>
      </Group>
      <ErrorAlert error={list.error} />
      {list.isPending && <Loader size="xs" aria-label={t('loading')} />}
      {list.isSuccess && items.length === 0 && <Text>{t('drillEmpty', { light: name })}</Text>}
      <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} mt="xs" aria-label={t('drillTitle', { light: name, count })}>
        {items.map((item) => (
          <Card component="li" key={item.code} withBorder padding="sm">
            <Group justify="space-between" wrap="wrap" gap="xs">
              <Link to="/sub-projects/$code" params={{ code: item.code }} style={{ fontWeight: 600 }}>{item.name}</Link>
              <LightBadge light={item.colour} overridden={!!item.overridden} />
            </Group>
            <Text size="sm" ff="monospace">{item.code}</Text>
            <Text size="sm">{t('lead', { lead: item.lead?.name ?? t('noLead') })}</Text>
            {item.overridden && (
              <Text size="sm">
                {item.computedColour
                  ? t('overridden', { computed: t(`common:light.${item.computedColour}`), justification: item.overridden.justification })
                  : t('overriddenNoComputed', { justification: item.overridden.justification })}
              </Text>
            )}
            {item.reasons.length > 0 && (
              <>
                <Text size="sm" fw={600} mt={4}>{t('reasons')}</Text>
                <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                  {item.reasons.map((r) => <li key={r.code}><Text size="sm" span>{i18n.language === 'en' ? r.en : r.zh}</Text></li>)}
                </ul>
              </>
            )}
          </Card>
        ))}
      </Stack>
      <LoadMore list={list} />
    </section>
  );
}

function Overdue({ programme, enabled }: { programme: string; enabled: boolean }) {
  const { t } = useTranslation('dashboard');
  const formatDate = useFormatDate();
  const list = useInfiniteQuery({ ...overdueQuery(programme), enabled });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const asOf = list.data?.pages[0]?.asOf;
  return (
    <section aria-labelledby="overdue-title">
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Title order={2} size="h3" id="overdue-title">{t('overdue')}</Title>
        <ExportMenu list="overdue-milestones" filters={{ programme }} />
      </Group>
      {asOf && <Text size="sm">{t('overdueHint', { asOf: formatDate(asOf) })}</Text>}
      <ErrorAlert error={list.error} />
      {list.isPending && <Loader size="xs" aria-label={t('loading')} />}
      {list.isSuccess && items.length === 0 && <Text>{t('overdueEmpty')}</Text>}
      {items.length > 0 && (
        <ScrollTable minWidth={720} label={t('overdueTable')}>
          <Table striped verticalSpacing="xs" aria-label={t('overdueTable')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('deliverable')}</Table.Th>
                <Table.Th scope="col">{t('subProject')}</Table.Th>
                <Table.Th scope="col">{t('ministry')}</Table.Th>
                <Table.Th scope="col">{t('dueDate')}</Table.Th>
                <Table.Th scope="col" ta="right">{t('daysOverdue')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((m) => (
                <Table.Tr key={m.milestone.code}>
                  <Table.Td><Link to="/milestones/$code" params={{ code: m.milestone.code }}>{m.milestone.deliverable}</Link></Table.Td>
                  <Table.Td><Link to="/sub-projects/$code" params={{ code: m.subProject.code }}>{m.subProject.name}</Link></Table.Td>
                  <Table.Td>{m.subProject.lead?.name ?? t('noLead')}</Table.Td>
                  <Table.Td><DateText date={m.milestone.dueDate} /></Table.Td>
                  <Table.Td ta="right">{t('days', { count: m.daysOverdue })}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      <LoadMore list={list} />
    </section>
  );
}

function Pending({ programme, enabled }: { programme: string; enabled: boolean }) {
  const { t } = useTranslation('dashboard');
  const formatInstant = useFormatInstant();
  const list = useInfiniteQuery({ ...pendingQuery(programme), enabled });
  const first = list.data?.pages[0];
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section aria-labelledby="pending-title">
      <Title order={2} size="h3" id="pending-title">{t('pending')}</Title>
      <Text size="sm">{t('pendingHint')}</Text>
      <ErrorAlert error={list.error} />
      {list.isPending && <Loader size="xs" aria-label={t('loading')} />}
      {first && (
        <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm" my="xs" component="dl" style={{ margin: 0 }}>
          {[
            [t('pendingCount'), String(first.count)],
            [t('pendingMedian'), first.medianDaysWaiting === null ? t('noRate') : t('days', { count: Number(first.medianDaysWaiting) })],
            [t('pendingMax'), first.maxDaysWaiting === null ? t('noRate') : t('days', { count: first.maxDaysWaiting })],
          ].map(([term, value]) => (
            <Card key={term} withBorder padding="sm">
              <Text component="dt" size="sm">{term}</Text>
              <Text component="dd" fz={24} fw={700} m={0}>{value}</Text>
            </Card>
          ))}
        </SimpleGrid>
      )}
      {list.isSuccess && items.length === 0 && <Text>{t('pendingEmpty')}</Text>}
      {items.length > 0 && (
        <ScrollTable minWidth={640} label={t('pendingTable')}>
          <Table striped verticalSpacing="xs" aria-label={t('pendingTable')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('subProject')}</Table.Th>
                <Table.Th scope="col">{t('deliverable')}</Table.Th>
                <Table.Th scope="col">{t('submittedAt')}</Table.Th>
                <Table.Th scope="col" ta="right">{t('daysWaiting')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((s) => (
                <Table.Tr key={s.submissionId}>
                  <Table.Td><Link to="/sub-projects/$code" params={{ code: s.subProject.code }}>{s.subProject.name}</Link></Table.Td>
                  <Table.Td>
                    <Link to="/submissions/$id" params={{ id: s.submissionId }}>
                      {s.milestone ? s.milestone.deliverable : t('periodSubmission', { period: s.period ? quarterLabel(t, s.period, true) : '' })}
                    </Link>
                    {s.revision > 1 && <Text span size="sm">（{t('revision', { n: s.revision })}）</Text>}
                  </Table.Td>
                  <Table.Td>{formatInstant(s.submittedAt)}</Table.Td>
                  <Table.Td ta="right">{t('days', { count: s.daysWaiting })}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      <LoadMore list={list} />
    </section>
  );
}

type SortKey = 'ministry' | 'milestonesDue' | 'onTimeRate' | 'returnRate' | 'returns';

function sortValue(r: MinistryPerformanceRow, key: SortKey): string | number {
  if (key === 'ministry') return r.ministry.code;
  if (key === 'onTimeRate' || key === 'returnRate') return r[key] === null ? -1 : Number(r[key]);
  return r[key];
}

function Performance({ programme, year, enabled }: { programme: string; year: number; enabled: boolean }) {
  const { t } = useTranslation('dashboard');
  const formatDate = useFormatDate();
  const performance = useQuery({ ...performanceQuery(programme, year), enabled });
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'onTimeRate', desc: false });
  const rows = useMemo(() => {
    const list = [...(performance.data?.ministries ?? [])];
    list.sort((a, b) => {
      const x = sortValue(a, sort.key);
      const y = sortValue(b, sort.key);
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return (sort.desc ? -c : c) || a.ministry.code.localeCompare(b.ministry.code);
    });
    return list;
  }, [performance.data, sort]);
  const rate = (v: string | null) => (v === null ? t('noRate') : t('rate', { value: v }));
  const option = useMemo(() => ({
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: rows.map((r) => r.ministry.name), inverse: true },
    series: [
      { name: t('onTimeRate'), type: 'bar', data: rows.map((r) => (r.onTimeRate === null ? null : Number(r.onTimeRate))), itemStyle: { color: '#1c7ed6' } },
      { name: t('returnRate'), type: 'bar', data: rows.map((r) => (r.returnRate === null ? null : Number(r.returnRate))), itemStyle: { color: '#f76707' } },
    ],
  }), [rows, t]);

  const header = (key: SortKey, label: string, align: 'left' | 'right' = 'right') => {
    const active = sort.key === key;
    const Arrow = !active ? IconArrowsSort : sort.desc ? IconArrowDown : IconArrowUp;
    return (
      <Table.Th scope="col" ta={align} aria-sort={active ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
        <UnstyledButton onClick={() => setSort({ key, desc: active ? !sort.desc : key !== 'ministry' })} style={{ fontWeight: 700, display: 'inline-flex', gap: 4, alignItems: 'center' }}>
          {label}
          <Arrow size={14} aria-hidden />
        </UnstyledButton>
      </Table.Th>
    );
  };

  const data = performance.data;
  return (
    <section aria-labelledby="performance-title">
      <Title order={2} size="h3" id="performance-title">{t('performance')}</Title>
      {data && (
        <Text size="sm">{t('performanceHint', { year: t('rocYear', { roc: data.year.roc }), from: formatDate(data.window.from), to: formatDate(data.window.to) })}</Text>
      )}
      <ErrorAlert error={performance.error} />
      {performance.isPending && <Loader size="xs" aria-label={t('loading')} />}
      {data && rows.length === 0 && <Text>{t('performanceEmpty')}</Text>}
      {rows.length > 0 && (
        <>
          {rows.some((r) => r.onTimeRate !== null || r.returnRate !== null) && <Suspense fallback={<Loader size="xs" aria-label={t('loading')} />}>
            <EChart
              option={option} height={Math.max(160, 48 + rows.length * 40)} label={t('performanceChart')}
              description={rows.map((r) => `${r.ministry.name}：${t('onTimeRate')} ${rate(r.onTimeRate)}、${t('returnRate')} ${rate(r.returnRate)}`).join('；')}
            />
          </Suspense>}
          <ScrollTable minWidth={860} label={t('performanceTable')}>
            <Table striped verticalSpacing="xs" aria-label={t('performanceTable')}>
              <Table.Thead>
                <Table.Tr>
                  {header('ministry', t('ministry'), 'left')}
                  {header('milestonesDue', t('milestonesDue'))}
                  <Table.Th scope="col" ta="right">{t('onTime')}</Table.Th>
                  <Table.Th scope="col" ta="right">{t('late')}</Table.Th>
                  <Table.Th scope="col" ta="right">{t('notSubmitted')}</Table.Th>
                  {header('onTimeRate', t('onTimeRate'))}
                  <Table.Th scope="col" ta="right">{t('accepts')}</Table.Th>
                  {header('returns', t('returns'))}
                  {header('returnRate', t('returnRate'))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((r) => (
                  <Table.Tr key={r.ministry.code}>
                    <Table.Th scope="row" fw={500}>{r.ministry.name}</Table.Th>
                    <Table.Td ta="right">{r.milestonesDue}</Table.Td>
                    <Table.Td ta="right">{r.onTime}</Table.Td>
                    <Table.Td ta="right">{r.late}</Table.Td>
                    <Table.Td ta="right">{r.notSubmitted}</Table.Td>
                    <Table.Td ta="right">{rate(r.onTimeRate)}</Table.Td>
                    <Table.Td ta="right">{r.accepts}</Table.Td>
                    <Table.Td ta="right">{r.returns}</Table.Td>
                    <Table.Td ta="right">{rate(r.returnRate)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        </>
      )}
    </section>
  );
}

export const Route = createLazyRoute('/app/dashboard')({ component: DashboardPage });
