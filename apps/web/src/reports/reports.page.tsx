import { Alert, Button, Card, Group, Loader, SegmentedControl, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconCalendarRepeat, IconDownload, IconFileReport } from '@tabler/icons-react';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute, Link } from '@tanstack/react-router';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { hasRole, useMe } from '../auth/session';
import { organisationOptions, organisationsQuery, programmesQuery } from '../sub-projects/sub-project.queries';
import { ErrorAlert } from '../ui/error-alert';
import { useFormatDate, useFormatInstant } from '../ui/format';
import { kindTitle, recentQuarters, ReportStatusBadge, useAboutText, useQuarterLabel } from './report-format';
import {
  gateReviewsQuery, meetingsQuery, type Report, type ReportKind, reportKindsQuery, reportListQuery, reportQuery, type RequestReportBody, useRequestReport,
} from './reports.queries';
import './reports.texts';

type ParameterName = ReportKind['parameters'][number]['name'];

function ReportsPage() {
  const { t } = useTranslation('reports');
  const me = useMe();
  const [watching, setWatching] = useState<string | null>(null);
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Title order={1}>{t('title')}</Title>
        {hasRole(me, 'coordinator') && (
          <Button component={Link} to="/reports/schedules" variant="default" leftSection={<IconCalendarRepeat size={16} aria-hidden />}>
            {t('tabs.schedules')}
          </Button>
        )}
      </Group>
      <Text>{t('intro')}</Text>
      <RequestForm onRequested={setWatching} />
      {watching && <Progress id={watching} />}
      <PastReports />
    </Stack>
  );
}

/** The form, built from the kinds' parameter definitions (GET /api/reports/kinds): only what the caller may request. */
function RequestForm({ onRequested }: { onRequested: (id: string) => void }) {
  const { t, i18n } = useTranslation('reports');
  const kinds = useQuery(reportKindsQuery);
  const request = useRequestReport();
  const available = useMemo(() => (kinds.data ?? []).filter((k) => k.mayRequest), [kinds.data]);
  const [kindCode, setKindCode] = useState<string | null>(null);
  const kind = available.find((k) => k.kind === kindCode) ?? available[0];
  const [format, setFormat] = useState<string>('pdf');
  const [values, setValues] = useState<Partial<Record<ParameterName, string>>>({});
  const [missing, setMissing] = useState<Record<string, string>>({});
  const serverProblems = request.error instanceof ApiError ? request.error.fieldProblems() : {};

  if (kinds.isPending) return <Loader size="sm" aria-label={t('common:states.loading')} />;
  if (kinds.error) return <ErrorAlert error={kinds.error} />;
  if (!kind) return <Text>{t('request.none')}</Text>;

  const chooseKind = (code: string | null) => {
    setKindCode(code);
    setMissing({});
    const next = available.find((k) => k.kind === code);
    if (next && !next.formats.includes(format as never)) setFormat(next.formats[0]);
  };
  const set = (name: ParameterName, value: string | null) => {
    setValues((v) => ({ ...v, [name]: value ?? undefined }));
    setMissing((m) => ({ ...m, [name]: '' }));
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems: Record<string, string> = {};
    for (const p of kind.parameters) if (p.required && !values[p.name]) problems[p.name] = t('request.required', { what: t(`request.${p.name}`) });
    setMissing(problems);
    if (Object.values(problems).some(Boolean)) return;
    const body: RequestReportBody = { kind: kind.kind, format: format as RequestReportBody['format'] };
    for (const p of kind.parameters) if (values[p.name]) (body as unknown as Record<string, string>)[p.name] = values[p.name]!;
    request.mutate(body, { onSuccess: (report) => onRequested(report.id) });
  };

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="report-request-title">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h3" id="report-request-title">{t('request.title')}</Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <Select
              label={t('request.kind')} required allowDeselect={false}
              data={available.map((k) => ({ value: k.kind, label: k.title[i18n.language === 'en' ? 'en' : 'zh-TW'] }))}
              value={kind.kind} onChange={chooseKind}
            />
            <div>
              <Text component="label" id="report-format-label" size="sm" fw={500} display="block" mb={4}>{t('request.format')}</Text>
              <SegmentedControl
                aria-labelledby="report-format-label" fullWidth value={format} onChange={setFormat}
                data={kind.formats.map((f) => ({ value: f, label: t(`format.${f}`) }))}
              />
            </div>
            {kind.parameters.map((p) => (
              <ParameterField
                key={`${kind.kind}-${p.name}`} name={p.name} required={p.required} value={values[p.name] ?? null}
                onChange={(v) => set(p.name, v)} error={missing[p.name] || serverProblems[p.name]}
              />
            ))}
          </SimpleGrid>
          <ErrorAlert error={request.error instanceof ApiError && request.error.code === 'VALIDATION_FAILED' ? null : request.error} />
          <Group>
            <Button type="submit" loading={request.isPending} leftSection={<IconFileReport size={16} aria-hidden />}>{t('request.submit')}</Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function ParameterField({ name, required, value, onChange, error }: {
  name: ParameterName; required: boolean; value: string | null; onChange: (value: string | null) => void; error?: string;
}) {
  const { t } = useTranslation('reports');
  const quarterLabel = useQuarterLabel();
  const formatDate = useFormatDate();
  const programmes = useQuery({ ...programmesQuery, enabled: name === 'programme' });
  const meetings = useQuery({ ...meetingsQuery, enabled: name === 'meeting' });
  const reviews = useQuery({ ...gateReviewsQuery, enabled: name === 'gateReview' });
  const organisations = useQuery({ ...organisationsQuery, enabled: name === 'organisation' });
  const common = { label: t(`request.${name}`), required, value, onChange, error, searchable: true, clearable: !required };
  switch (name) {
    case 'programme':
      return <Select {...common} data={(programmes.data ?? []).map((p) => ({ value: p.code, label: p.name }))} />;
    case 'meeting':
      return <Select {...common} data={(meetings.data ?? []).map((m) => ({ value: m.code, label: `${m.name}（${formatDate(m.heldOn)}）` }))} />;
    case 'gateReview':
      return <Select {...common} data={(reviews.data?.items ?? []).map((r) => ({ value: r.id, label: `${r.subProject.code} ${r.subProject.name} · ${r.gate.name}` }))} />;
    case 'organisation':
      return <Select {...common} placeholder={required ? undefined : t('request.organisationOwn')} data={organisationOptions(organisations.data)} />;
    case 'period':
      return <Select {...common} placeholder={t('request.periodDefault')} searchable={false} data={recentQuarters().map((q) => ({ value: q, label: quarterLabel(q) }))} />;
    case 'subProject':
      return <TextInput label={common.label} required={required} value={value ?? ''} onChange={(e) => onChange(e.currentTarget.value.trim() || null)} error={error} />;
  }
}

/** The report just requested, asked about again until it is done; the change is announced politely. */
function Progress({ id }: { id: string }) {
  const { t } = useTranslation('reports');
  const kinds = useQuery(reportKindsQuery);
  const report = useQuery(reportQuery(id));
  const r = report.data;
  const queryClient = useQueryClient();
  const finished = r?.status === 'ready' || r?.status === 'failed';
  useEffect(() => {
    if (finished) void queryClient.invalidateQueries({ queryKey: ['reports', 'list'] });
  }, [finished, queryClient]);
  const name = r ? kindTitle(kinds.data, r.kind) : '';
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="report-progress-title">
      <Stack gap="xs">
        <Title order={2} size="h3" id="report-progress-title">{t('progress.title')}</Title>
        <ErrorAlert error={report.error} />
        {r && (
          <>
            <Group gap="sm" wrap="wrap">
              <ReportStatusBadge status={r.status} />
              {(r.status === 'queued' || r.status === 'running') && <Loader size="xs" aria-hidden />}
            </Group>
            <Text aria-live="polite" role="status">{t(`progress.${r.status}`, { name, error: r.error ?? '' })}</Text>
            {r.status === 'ready' && r.file && <Group><DownloadButton report={r} /></Group>}
            {r.status === 'failed' && <Alert color="red" variant="light" styles={{ message: { color: '#3b0a0a' } }}>{r.error}</Alert>}
          </>
        )}
      </Stack>
    </Card>
  );
}

/** The file, named by the API's Content-Disposition (its Chinese name). */
function DownloadButton({ report, compact }: { report: Report; compact?: boolean }) {
  const { t } = useTranslation('reports');
  if (!report.file) return null;
  return (
    <Button
      component="a" href={report.links.file} download variant={compact ? 'subtle' : 'filled'} size={compact ? 'compact-sm' : 'sm'}
      leftSection={<IconDownload size={16} aria-hidden />} aria-label={t('download', { name: report.file.name })}
      style={{ maxWidth: '100%' }}
    >
      {/* A taller line than the button's, so the file name's underscores are not cut off by the truncation. */}
      <Text span inherit truncate lh={1.6}>{compact ? t('downloadShort') : report.file.name}</Text>
    </Button>
  );
}

function PastReports() {
  const { t } = useTranslation('reports');
  const list = useInfiniteQuery(reportListQuery);
  const kinds = useQuery(reportKindsQuery);
  const items = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);
  const formatInstant = useFormatInstant();
  const about = useAboutText();
  return (
    <Stack gap="sm" component="section" aria-labelledby="past-reports-title">
      <Title order={2} size="h3" id="past-reports-title">{t('list.title')}</Title>
      <ErrorAlert error={list.error} />
      {list.isPending && <Loader size="sm" aria-label={t('common:states.loading')} />}
      {list.isSuccess && items.length === 0 && <Text>{t('list.empty')}</Text>}
      {items.length > 0 && (
        <>
          <Table.ScrollContainer minWidth={760} visibleFrom="sm">
            <Table striped verticalSpacing="sm" aria-label={t('list.table')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('list.kind')}</Table.Th>
                  <Table.Th scope="col">{t('list.about')}</Table.Th>
                  <Table.Th scope="col">{t('list.format')}</Table.Th>
                  <Table.Th scope="col">{t('list.requestedAt')}</Table.Th>
                  <Table.Th scope="col">{t('list.status')}</Table.Th>
                  <Table.Th scope="col">{t('list.file')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((r) => (
                  <Table.Tr key={r.id}>
                    <Table.Td>{kindTitle(kinds.data, r.kind)}</Table.Td>
                    <Table.Td><Text size="sm">{about(r.parameters)}</Text></Table.Td>
                    <Table.Td>{t(`format.${r.format}`)}</Table.Td>
                    <Table.Td><Text size="sm">{formatInstant(r.requestedAt)}</Text></Table.Td>
                    <Table.Td><ReportStatusBadge status={r.status} /></Table.Td>
                    <Table.Td>{r.status === 'ready' ? <DownloadButton report={r} compact /> : '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Stack gap="sm" hiddenFrom="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('list.table')}>
            {items.map((r) => (
              <Card component="li" withBorder padding="sm" key={r.id}>
                <Stack gap={4}>
                  <Text fw={600}>{kindTitle(kinds.data, r.kind)}</Text>
                  <Text size="sm">{about(r.parameters)} · {t(`format.${r.format}`)}</Text>
                  <Text size="sm">{t('list.requestedAt')}：{formatInstant(r.requestedAt)}</Text>
                  <Group gap="xs" wrap="wrap"><ReportStatusBadge status={r.status} />{r.status === 'ready' && <DownloadButton report={r} compact />}</Group>
                </Stack>
              </Card>
            ))}
          </Stack>
        </>
      )}
      {list.hasNextPage && (
        <Group justify="center">
          <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>{t('list.loadMore')}</Button>
        </Group>
      )}
    </Stack>
  );
}

export const Route = createLazyRoute('/app/reports')({ component: ReportsPage });
