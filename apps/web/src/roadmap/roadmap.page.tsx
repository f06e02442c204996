import { Button, Group, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconClock, IconPrinter, IconSearch, IconSend } from '@tabler/icons-react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { createLazyRoute, Link, useNavigate } from '@tanstack/react-router';
import { useVirtualizer } from '@tanstack/react-virtual';
import { type FormEvent, memo, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { organisationOptions, organisationsQuery, programmeQuery, programmesQuery } from '../sub-projects/sub-project.queries';
import { ErrorAlert } from '../ui/error-alert';
import { roadmapQuery, type RoadmapMilestone, type RoadmapRow } from './roadmap.queries';
import type { RoadmapSearch } from './routes';
import './roadmap.css';
import './roadmap.texts';

const STATUSES = ['draft', 'assigned', 'acknowledged', 'active', 'suspended', 'closed'] as const;
const LIGHTS = ['green', 'yellow', 'red', 'white', 'none'] as const;
const MAX_COLUMNS = 40;

type MilestoneState = 'accepted' | 'submitted' | 'pending' | 'overdue';
const stateOf = (m: RoadmapMilestone): MilestoneState => (m.overdue ? 'overdue' : m.status === 'accepted' ? 'accepted' : m.status === 'submitted' ? 'submitted' : 'pending');
const STATE_ICON = { accepted: IconCircleCheck, submitted: IconSend, pending: IconClock, overdue: IconAlertTriangle } as const;

interface Column {
  key: string;
  label: string;
}

/** The columns: every year (or quarter) from the programme's start to its end, else spanning the rows' periods and milestones. */
function columnsOf(rows: RoadmapRow[], programmePeriod: { start: { ad: number } | null; end: { ad: number } | null } | null, scale: 'year' | 'quarter', label: (ad: number, q?: number) => string): Column[] {
  let from = programmePeriod?.start?.ad;
  let to = programmePeriod?.end?.ad;
  for (const r of rows) {
    for (const m of r.milestones) {
      const y = Number(m.dueDate.ad.slice(0, 4));
      from = Math.min(from ?? y, y);
      to = Math.max(to ?? y, y);
    }
    if (!programmePeriod && r.period.start) from = Math.min(from ?? r.period.start.ad, r.period.start.ad);
    if (!programmePeriod && r.period.end) to = Math.max(to ?? r.period.end.ad, r.period.end.ad);
  }
  if (from === undefined || to === undefined) return [];
  const years = Array.from({ length: Math.min(to - from + 1, scale === 'year' ? MAX_COLUMNS : MAX_COLUMNS / 4) }, (_, i) => from! + i);
  return scale === 'year'
    ? years.map((y) => ({ key: String(y), label: label(y) }))
    : years.flatMap((y) => [1, 2, 3, 4].map((q) => ({ key: `${y}-Q${q}`, label: label(y, q) })));
}

const bucketOf = (m: RoadmapMilestone, scale: 'year' | 'quarter') => {
  const y = m.dueDate.ad.slice(0, 4);
  return scale === 'year' ? y : `${y}-Q${Math.ceil(Number(m.dueDate.ad.slice(5, 7)) / 3)}`;
};

function RoadmapPage() {
  const { t } = useTranslation('roadmap');
  const search = Route.useSearch() as RoadmapSearch;
  const navigate = useNavigate({ from: '/roadmap' });
  const setSearch = (change: Partial<RoadmapSearch>) => void navigate({ search: (prev: RoadmapSearch) => ({ ...prev, ...change }), replace: true });
  const scale = search.scale ?? 'year';

  const list = useInfiniteQuery(roadmapQuery(search));
  // Read whole: each next page as soon as the last one arrived.
  useEffect(() => {
    if (list.hasNextPage && !list.isFetchingNextPage && !list.isError) void list.fetchNextPage();
  }, [list.hasNextPage, list.isFetchingNextPage, list.isError, list.fetchNextPage]);
  const rows = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const first = list.data?.pages[0];
  const columns = useMemo(
    () => columnsOf(rows, first?.programmePeriod ?? null, scale, (ad, q) => (q ? t('quarterCol', { roc: ad - 1911, q }) : t('yearCol', { roc: ad - 1911, ad }))),
    [rows, first, scale, t],
  );

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Title order={1}>{t('title')}</Title>
        <Button variant="default" className="roadmap-no-print" leftSection={<IconPrinter size={16} aria-hidden />} onClick={() => window.print()}>{t('print')}</Button>
      </Group>
      <Text size="sm">{t('intro')}</Text>
      <div className="roadmap-no-print">
        <Filters search={search} onChange={setSearch} />
      </div>
      <Legend />
      <Text size="sm" aria-live="polite">
        {list.isPending ? t('common:states.loading') : list.hasNextPage ? t('loadingMore', { count: rows.length }) : t('loaded', { count: rows.length })}
      </Text>
      <ErrorAlert error={list.error} />
      {list.isSuccess && rows.length === 0 && <Text>{t('empty')}</Text>}
      {rows.length > 0 && <RoadmapGrid rows={rows} columns={columns} scale={scale} />}
    </Stack>
  );
}

function Legend() {
  const { t } = useTranslation('roadmap');
  return (
    <ul className="roadmap-legend" aria-label={t('legend')}>
      {(['accepted', 'submitted', 'pending', 'overdue'] as const).map((s) => {
        const Icon = STATE_ICON[s];
        return (
          <li key={s} className={`ms ms-${s}`}>
            <span className="ms-status"><Icon size={14} aria-hidden />{t(`status_${s}`)}</span>
          </li>
        );
      })}
    </ul>
  );
}

/** While printing, every row is rendered (the virtualiser would print only the rows on screen). */
function usePrinting(): boolean {
  const [printing, setPrinting] = useState(false);
  useEffect(() => {
    const before = () => setPrinting(true);
    const after = () => setPrinting(false);
    window.addEventListener('beforeprint', before);
    window.addEventListener('afterprint', after);
    return () => {
      window.removeEventListener('beforeprint', before);
      window.removeEventListener('afterprint', after);
    };
  }, []);
  return printing;
}

/**
 * A table (rows: sub-projects, columns: years or quarters) whose body renders only the rows in view plus a few,
 * with spacer rows above and below; aria-rowcount / aria-rowindex tell assistive technology the whole size.
 */
function RoadmapGrid({ rows, columns, scale }: { rows: RoadmapRow[]; columns: Column[]; scale: 'year' | 'quarter' }) {
  const { t } = useTranslation('roadmap');
  const scrollRef = useRef<HTMLDivElement>(null);
  const printing = usePrinting();
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => 96, overscan: 6 });
  const items = printing ? rows.map((_, index) => ({ index, start: 0, end: 0, key: index })) : virtualizer.getVirtualItems();
  const total = virtualizer.getTotalSize();
  const top = printing || !items.length ? 0 : items[0].start;
  const bottom = printing || !items.length ? 0 : total - items[items.length - 1].end;
  const columnKeys = useMemo(() => new Set(columns.map((c) => c.key)), [columns]);

  return (
    <div ref={scrollRef} className="roadmap-scroll" tabIndex={0} role="region" aria-label={t('table')}>
      <table className="roadmap-table" aria-label={t('table')} aria-rowcount={rows.length + 1}>
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col" className="roadmap-sp">{t('subProject')}</th>
            {columns.map((c) => <th key={c.key} scope="col">{c.label}</th>)}
          </tr>
        </thead>
        <tbody>
          {top > 0 && <tr aria-hidden="true"><td colSpan={columns.length + 1} style={{ height: top, padding: 0, border: 0 }} /></tr>}
          {items.map((v) => (
            <RoadmapRowView
              key={rows[v.index].code}
              index={v.index}
              row={rows[v.index]}
              columns={columns}
              columnKeys={columnKeys}
              scale={scale}
              measure={printing ? undefined : virtualizer.measureElement}
            />
          ))}
          {bottom > 0 && <tr aria-hidden="true"><td colSpan={columns.length + 1} style={{ height: bottom, padding: 0, border: 0 }} /></tr>}
        </tbody>
      </table>
    </div>
  );
}

const RoadmapRowView = memo(function RoadmapRowView({ index, row, columns, columnKeys, scale, measure }: {
  index: number; row: RoadmapRow; columns: Column[]; columnKeys: Set<string>; scale: 'year' | 'quarter'; measure?: (el: Element | null) => void;
}) {
  const { t } = useTranslation('roadmap');
  const byBucket = new Map<string, RoadmapMilestone[]>();
  let outside = 0;
  for (const m of row.milestones) {
    const key = bucketOf(m, scale);
    if (!columnKeys.has(key)) outside++;
    else byBucket.set(key, [...(byBucket.get(key) ?? []), m]);
  }
  return (
    <tr ref={measure} data-index={index} aria-rowindex={index + 2}>
      <th scope="row" className="roadmap-sp">
        <Link to="/sub-projects/$code" params={{ code: row.code }} preload={false}>{row.name}</Link>
        <div className="roadmap-code">{row.code}</div>
        <div className="roadmap-small">{t('lead', { lead: row.lead?.name ?? row.leadText ?? t('noLead') })}</div>
        {row.milestones.length === 0 && <div className="roadmap-small">{t('noMilestones')}</div>}
        {outside > 0 && <div className="roadmap-small">{t('outside', { count: outside })}</div>}
      </th>
      {columns.map((c) => {
        const list = byBucket.get(c.key);
        return (
          <td key={c.key} className="roadmap-cell">
            {list && (
              <ul>
                {list.map((m) => <MilestoneChip key={m.code} m={m} />)}
              </ul>
            )}
          </td>
        );
      })}
    </tr>
  );
});

function MilestoneChip({ m }: { m: RoadmapMilestone }) {
  const { t } = useTranslation('roadmap');
  const state = stateOf(m);
  const Icon = STATE_ICON[state];
  return (
    <li>
      <Link to="/milestones/$code" params={{ code: m.code }} preload={false} className={`ms ms-${state}`}>
        <span className="ms-status"><Icon size={13} aria-hidden />{t(`status_${state}`)}</span>
        {m.deliverable}
        <span className="roadmap-small">（{t('dueOn', { date: m.dueDate.roc })}）</span>
      </Link>
      {m.pendingChange && (
        <Link to="/due-date-changes/$id" params={{ id: m.pendingChange.id }} preload={false} className="ms-change">
          {t('pendingChange', { date: m.pendingChange.proposedDueDate.roc })}
        </Link>
      )}
    </li>
  );
}

function Filters({ search, onChange }: { search: RoadmapSearch; onChange: (change: Partial<RoadmapSearch>) => void }) {
  const { t } = useTranslation('roadmap');
  const programmes = useQuery(programmesQuery);
  const programme = useQuery({ ...programmeQuery(search.programme ?? ''), enabled: !!search.programme });
  const organisations = useQuery(organisationsQuery);
  const [q, setQ] = useState(search.q ?? '');
  useEffect(() => setQ(search.q ?? ''), [search.q]);
  const all = t('all');
  const years = useMemo(() => {
    const p = programmes.data?.find((x) => x.code === search.programme);
    const now = new Date().getFullYear();
    const from = p?.period.start?.ad ?? now - 8;
    const to = p?.period.end?.ad ?? now + 2;
    return Array.from({ length: Math.max(to - from + 1, 1) }, (_, i) => from + i).reverse();
  }, [programmes.data, search.programme]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onChange({ q: q.trim() || undefined });
  };
  return (
    <form role="search" aria-label={t('filters')} onSubmit={submit}>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
        <Select
          label={t('programme')} placeholder={all} clearable searchable
          data={(programmes.data ?? []).map((p) => ({ value: p.code, label: p.name }))}
          value={search.programme ?? null}
          onChange={(v) => onChange({ programme: v ?? undefined, axis: undefined, rocYear: undefined })}
        />
        <Select
          label={t('axis')} placeholder={search.programme ? all : t('selectAxisHint')} clearable disabled={!search.programme}
          data={(programme.data?.axes ?? []).map((a) => ({ value: a.code, label: `${a.seq}. ${a.name}` }))}
          value={search.axis ?? null}
          onChange={(v) => onChange({ axis: v ?? undefined })}
        />
        <Select
          label={t('ministry')} placeholder={all} clearable searchable
          data={organisationOptions(organisations.data)}
          value={search.ministry ?? null}
          onChange={(v) => onChange({ ministry: v ?? undefined })}
        />
        <Select
          label={t('status')} placeholder={all} clearable
          data={STATUSES.map((s) => ({ value: s, label: t(`common:subProjectStatus.${s}`) }))}
          value={search.status ?? null}
          onChange={(v) => onChange({ status: v ?? undefined })}
        />
        <Select
          label={t('light')} placeholder={all} clearable
          data={LIGHTS.map((l) => ({ value: l, label: l === 'none' ? t('lightNone') : t(`common:light.${l}`) }))}
          value={search.light ?? null}
          onChange={(v) => onChange({ light: (v ?? undefined) as RoadmapSearch['light'] })}
        />
        <Select
          label={t('rocYear')} placeholder={all} clearable
          data={years.map((ad) => ({ value: String(ad - 1911), label: t('rocYearOption', { roc: ad - 1911, ad }) }))}
          value={search.rocYear ? String(search.rocYear) : null}
          onChange={(v) => onChange({ rocYear: v ? Number(v) : undefined })}
        />
        <TextInput
          label={t('q')} value={q} onChange={(e) => setQ(e.currentTarget.value)} maxLength={100} rightSectionWidth={40}
          rightSection={<Button type="submit" variant="subtle" size="compact-sm" px={6} aria-label={t('common:actions.search')}><IconSearch size={16} aria-hidden /></Button>}
        />
        <div>
          <Text size="sm" fw={500} id="roadmap-scale" mb={4}>{t('scale')}</Text>
          <SegmentedControl
            aria-labelledby="roadmap-scale"
            value={search.scale ?? 'year'}
            onChange={(v) => onChange({ scale: v === 'quarter' ? 'quarter' : undefined })}
            data={[{ value: 'year', label: t('scaleYear') }, { value: 'quarter', label: t('scaleQuarter') }]}
          />
        </div>
      </SimpleGrid>
      {Object.values({ ...search, scale: undefined }).some((v) => v !== undefined) && (
        <Group mt="xs">
          <Button variant="subtle" size="compact-sm" onClick={() => { setQ(''); onChange(Object.fromEntries(Object.keys(search).map((k) => [k, undefined]))); }}>{t('clear')}</Button>
        </Group>
      )}
    </form>
  );
}

export const Route = createLazyRoute('/app/roadmap')({ component: RoadmapPage });
