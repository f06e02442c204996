import { Alert, Anchor, Button, FileInput, Group, List, Pagination, Paper, SegmentedControl, Select, Stack, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconCircleDashed, IconCirclePlus, IconDownload, IconPencil, IconUpload } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute, Link } from '@tanstack/react-router';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type Schemas, unwrap } from '../api/client';
import { hasRole, useMe } from '../auth/session';
import { ToneBadge } from '../ui/badges';
import { ErrorAlert } from '../ui/error-alert';
import { ScrollTable, useWideScreen } from '../ui/scroll-table';
import './imports.texts';

type Kind = Schemas['ImportKindName'];
type Session = Schemas['ImportSessionDto'];
type Row = Schemas['ImportRowDto'];
type Problem = Schemas['ImportProblemDto'];
type Filter = 'all' | 'problems' | 'create' | 'update' | 'unchanged';

const KINDS: Kind[] = ['sub-projects', 'milestones', 'budget-lines', 'indicator-targets'];
const FILTERS: Filter[] = ['all', 'problems', 'create', 'update', 'unchanged'];
const PAGE = 50;

function uploadFile(kind: Kind, file: File): Promise<Session> {
  return unwrap(api.POST('/api/imports/{kind}/preview', {
    params: { path: { kind }, query: { fileName: file.name } },
    body: file as unknown as string,
    bodySerializer: (body: unknown) => body as BodyInit,
    headers: { 'content-type': 'application/octet-stream' },
  }));
}

/** A refusal of the whole file or of the confirm, worded by its reason; other errors as everywhere. */
function RefusalAlert({ error }: { error: unknown }) {
  const { t } = useTranslation('imports');
  const reason = error instanceof ApiError ? (error.body.details?.reason as string | undefined) : undefined;
  if (!reason) return <ErrorAlert error={error} />;
  const d = (error as ApiError).body.details ?? {};
  const params: Record<string, unknown> = { ...(d.params as Record<string, unknown> | undefined), count: d.count, errors: d.errors };
  const list = (v: unknown) => (Array.isArray(v) ? v.join('、') : v);
  return (
    <Alert color="red" variant="light" role="alert" icon={<IconAlertTriangle aria-hidden />} title={t('severity.error')} styles={{ message: { color: '#3b0a0a' } }}>
      {t(`fileProblem.${reason}`, { ...params, missing: list(params.missing), columns: list(params.columns), defaultValue: (error as ApiError).message })}
    </Alert>
  );
}

/** One problem in words: where (row, column), which field, the value, what is wrong; for an unknown ministry, the closest names. */
export function useProblemText(): (p: Problem) => string {
  const { t } = useTranslation('imports');
  return (p) => {
    const params = (p.params ?? {}) as Record<string, unknown>;
    const where = p.column ? t('at', { row: p.row, column: p.column }) : t('atRow', { row: p.row });
    const field = p.field ? `（${t(`fields.${p.field}`, { defaultValue: p.field })}）` : '';
    const value = p.value ? t('valueQuoted', { value: p.value }) : '';
    let what = t(`problem.${p.code}`, { ...params, allowed: Array.isArray(params.allowed) ? params.allowed.join('、') : params.allowed, defaultValue: p.code });
    if (p.code === 'unknownOrganisation') {
      const suggestions = (params.suggestions ?? []) as { name: string; matched: string | null }[];
      what += ` ${suggestions.length ? t('suggestions', { names: suggestions.map((s) => (s.matched ? `${s.name}（${s.matched}）` : s.name)).join('、') }) : t('noSuggestions')}`;
    }
    return `${where}${field}${value}：${what}`;
  };
}

function ActionBadge({ action }: { action: string }) {
  const { t } = useTranslation('imports');
  const icons: Record<string, ReactNode> = {
    create: <IconCirclePlus size={14} aria-hidden />, update: <IconPencil size={14} aria-hidden />,
    unchanged: <IconCircleDashed size={14} aria-hidden />, invalid: <IconAlertTriangle size={14} aria-hidden />,
  };
  const tones = { create: 'good', update: 'info', unchanged: 'neutral', invalid: 'bad' } as const;
  return <ToneBadge tone={tones[action as keyof typeof tones] ?? 'neutral'} icon={icons[action]}>{t(`actions.${action}`)}</ToneBadge>;
}

function RowDetails({ row }: { row: Row }) {
  const { t } = useTranslation('imports');
  const problemText = useProblemText();
  const value = (v: unknown) => (v === null || v === undefined || v === '' ? t('empty') : String(v));
  const fieldName = (f: string) => t(`fields.${f}`, { defaultValue: f });
  return (
    <>
      {row.changes.length > 0 && (
        <List size="sm" spacing={2}>
          {row.changes.map((c) => <List.Item key={c.field}>{t('change', { field: fieldName(c.field), old: value(c.old), new: value(c.new) })}</List.Item>)}
        </List>
      )}
      {row.problems.length > 0 && (
        <List size="sm" spacing={2}>
          {row.problems.map((p, i) => (
            <List.Item key={i} c={p.severity === 'error' ? '#8a1212' : '#5c3d00'}>
              <strong>{t(`severity.${p.severity}`)}</strong>　{problemText(p)}
            </List.Item>
          ))}
        </List>
      )}
    </>
  );
}

function Preview({ session, onDone }: { session: Session; onDone: (result: Schemas['ImportResultDto']) => void }) {
  const { t } = useTranslation('imports');
  const [filter, setFilter] = useState<Filter>(session.summary.errors + session.summary.warnings > 0 ? 'problems' : 'all');
  const [page, setPage] = useState(1);
  const rows = useQuery({
    queryKey: ['imports', 'sessions', session.id, 'rows', filter, page],
    queryFn: () => unwrap(api.GET('/api/imports/sessions/{id}/rows', { params: { path: { id: session.id }, query: { filter, offset: (page - 1) * PAGE, limit: PAGE } } })),
  });
  const confirm = useMutation({
    mutationFn: () => unwrap(api.POST('/api/imports/sessions/{id}/confirm', { params: { path: { id: session.id } } })),
    onSuccess: onDone,
  });
  const s = session.summary;
  const wide = useWideScreen();
  const items: Row[] = rows.data?.items ?? [];
  const pages = Math.max(1, Math.ceil((rows.data?.total ?? 0) / PAGE));

  return (
    <Stack gap="sm">
      <Title order={2}>{t('step3')}</Title>
      <Text>{t('fileInfo', {
        fileName: session.fileName, format: session.format.toUpperCase(), encoding: session.encoding ? t(`encodings.${session.encoding}`) : '',
        sheet: session.sheetName ?? '—', rows: s.rows,
      })}</Text>
      <Group gap="xs" aria-label={t('step3')}>
        <ToneBadge tone="good" icon={<IconCirclePlus size={14} aria-hidden />}>{t('summary.create', { count: s.create })}</ToneBadge>
        <ToneBadge tone="info" icon={<IconPencil size={14} aria-hidden />}>{t('summary.update', { count: s.update })}</ToneBadge>
        <ToneBadge tone="neutral" icon={<IconCircleDashed size={14} aria-hidden />}>{t('summary.unchanged', { count: s.unchanged })}</ToneBadge>
        <ToneBadge tone="bad" icon={<IconAlertTriangle size={14} aria-hidden />}>{t('summary.invalid', { count: s.invalid })}</ToneBadge>
        {s.warnings > 0 && <ToneBadge tone="warn" icon={<IconAlertTriangle size={14} aria-hidden />}>{t('summary.warnings', { count: s.warnings })}</ToneBadge>}
      </Group>
      <div>
        <Text component="span" size="sm" fw={600} id="import-filter-label" mr="xs">{t('filter')}</Text>
        <SegmentedControl
          aria-labelledby="import-filter-label" size="xs" value={filter} onChange={(v) => { setFilter(v as Filter); setPage(1); }}
          data={FILTERS.map((f) => ({ value: f, label: t(`filters.${f}`) }))} style={{ flexWrap: 'wrap' }}
        />
      </div>
      <ErrorAlert error={rows.error} />
      {wide ? (
        <ScrollTable minWidth={640} label={t('step3')}>
          <Table striped withTableBorder verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('table.row')}</Table.Th>
                <Table.Th scope="col">{t('table.key')}</Table.Th>
                <Table.Th scope="col" style={{ minWidth: 120 }}>{t('table.action')}</Table.Th>
                <Table.Th scope="col">{t('table.details')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((r) => (
                <Table.Tr key={r.row}>
                  <Table.Td>{r.row}</Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>{r.key ?? '—'}</Table.Td>
                  <Table.Td><ActionBadge action={r.action} /></Table.Td>
                  <Table.Td><RowDetails row={r} /></Table.Td>
                </Table.Tr>
              ))}
              {rows.data && items.length === 0 && <Table.Tr><Table.Td colSpan={4}>{t('noRows')}</Table.Td></Table.Tr>}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      ) : (
        <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('step3')}>
          {items.map((r) => (
            <Paper key={r.row} component="li" withBorder p="xs">
              <Group gap="xs" mb={4} wrap="wrap">
                <Text fw={600}>{t('atRow', { row: r.row })}</Text>
                <Text style={{ overflowWrap: 'anywhere' }}>{r.key ?? '—'}</Text>
                <ActionBadge action={r.action} />
              </Group>
              <RowDetails row={r} />
            </Paper>
          ))}
          {rows.data && items.length === 0 && <Text component="li">{t('noRows')}</Text>}
        </Stack>
      )}
      {pages > 1 && <Pagination total={pages} value={page} onChange={setPage} getItemProps={(p) => ({ 'aria-label': t('page', { page: p }) })} />}
      {s.errors > 0 ? (
        <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} styles={{ message: { color: '#3b0a0a' } }}>{t('confirmBlocked', { count: s.errors })}</Alert>
      ) : (
        <Stack gap="xs">
          {s.create + s.update === 0 && <Text>{t('nothingToDo')}</Text>}
          <RefusalAlert error={confirm.error} />
          <Group><Button onClick={() => confirm.mutate()} loading={confirm.isPending} leftSection={<IconCircleCheck size={18} aria-hidden />}>{t('confirm', { count: s.rows })}</Button></Group>
        </Stack>
      )}
    </Stack>
  );
}

function ImportPage() {
  const { t } = useTranslation('imports');
  const me = useMe();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<Kind>('sub-projects');
  const [file, setFile] = useState<File | null>(null);
  const [session, setSession] = useState<Session | null>(null);
  const [result, setResult] = useState<Schemas['ImportResultDto'] | null>(null);
  const upload = useMutation({ mutationFn: () => uploadFile(kind, file!), onSuccess: (s) => { setSession(s); setResult(null); } });

  if (!hasRole(me, 'coordinator', 'admin')) {
    return <Stack><Title order={1}>{t('title')}</Title><Text>{t('forbidden')}</Text></Stack>;
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (file) upload.mutate();
  };
  const done = (r: Schemas['ImportResultDto']) => {
    setResult(r);
    setSession(null);
    setFile(null);
    void queryClient.invalidateQueries();
  };

  return (
    <Stack gap="md" maw={1100}>
      <Title order={1}>{t('title')}</Title>
      <Text>{t('intro')}</Text>
      <Select
        label={t('kind')} data={KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))} value={kind} allowDeselect={false} maw={320}
        onChange={(v) => { if (v) { setKind(v as Kind); setSession(null); setResult(null); upload.reset(); } }}
      />
      <Stack gap={4}>
        <Title order={2}>{t('step1')}</Title>
        <Group>
          <Button component="a" href={`/api/imports/${kind}/template`} download variant="light" leftSection={<IconDownload size={18} aria-hidden />}>
            {t('template', { kind: t(`kinds.${kind}`) })}
          </Button>
        </Group>
        <Text size="sm">{t('templateHint')}</Text>
      </Stack>
      <form onSubmit={submit} noValidate>
        <Stack gap="xs">
          <Title order={2}>{t('step2')}</Title>
          <FileInput
            label={t('file')} placeholder={t('filePlaceholder')} value={file} onChange={(f) => { setFile(f); upload.reset(); }} clearable clearButtonProps={{ 'aria-label': t('clearFile') }} maw={480}
            accept=".xlsx,.ods,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.oasis.opendocument.spreadsheet,text/csv"
          />
          <Group><Button type="submit" disabled={!file} loading={upload.isPending} leftSection={<IconUpload size={18} aria-hidden />}>{t('upload')}</Button></Group>
          <RefusalAlert error={upload.error} />
        </Stack>
      </form>
      {result && (
        <Alert color="green" variant="light" role="status" icon={<IconCircleCheck aria-hidden />} styles={{ message: { color: '#1b4d24' } }}>
          <Text>{t('done', result)}</Text>
          {kind === 'sub-projects' && <Anchor component={Link} to="/sub-projects">{t('viewSubProjects')}</Anchor>}
        </Alert>
      )}
      {session && <Preview key={session.id} session={session} onDone={done} />}
    </Stack>
  );
}

export const Route = createLazyRoute('/app/imports')({ component: ImportPage });
