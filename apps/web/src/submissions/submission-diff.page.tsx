import { Badge, Group, Loader, Paper, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconMinus, IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { createLazyRoute, useNavigate, useParams, useSearch } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../ui/error-alert';
import { FormatAmount, useFormatInstant } from '../ui/format';
import { AnchorLink } from '../ui/links';
import { ScrollTable, useWideScreen } from '../ui/scroll-table';
import { type ContentChange, diffQuery, revisionQuery, type Revision, type SubmissionContent, submissionContextQuery, submissionQuery } from './submission.queries';
import './submission.texts';
import './submissions.css';

type Field = ContentChange['field'];
const FIELDS: Field[] = ['progressPercent', 'narrative', 'indicatorActuals', 'budgetExecuted', 'budgetYear', 'evidence'];

function Page() {
  const { id } = useParams({ from: '/app/submissions/$id/diff' });
  const search = useSearch({ from: '/app/submissions/$id/diff' });
  const navigate = useNavigate({ from: '/submissions/$id/diff' });
  const { t } = useTranslation('submission');
  const formatInstant = useFormatInstant();
  const submission = useQuery(submissionQuery(id));
  const revisions = submission.data?.revisions ?? [];
  const last = revisions[revisions.length - 1]?.revision ?? 1;
  const to = search.to ?? last;
  const from = search.from ?? Math.max(1, to - 1);
  const ready = !!submission.data && revisions.length > 1;
  const diff = useQuery({ ...diffQuery(id, from, to), enabled: ready });
  const before = useQuery({ ...revisionQuery(id, from), enabled: ready });
  const after = useQuery({ ...revisionQuery(id, to), enabled: ready });
  const context = useQuery({ ...submissionContextQuery(submission.data?.subProject.code ?? ''), enabled: !!submission.data });

  const options = revisions.map((r) => ({ value: String(r.revision), label: t('diff.option', { n: r.revision, when: formatInstant(r.createdAt), who: r.createdBy.displayName }) }));
  const indicatorName = (code: string) => context.data?.indicators.find((i) => i.code === code)?.text ?? code;

  return (
    <Stack gap="lg" maw={1200}>
      <Stack gap={4}>
        <AnchorLink to="/submissions/$id" params={{ id }} size="sm">
          <Group gap={4} component="span"><IconArrowLeft size={14} aria-hidden />{t('diff.back')}</Group>
        </AnchorLink>
        <Title order={1} size="h2">{t('diff.title')}</Title>
        {submission.data && (
          <Text size="sm">{t('title', { what: submission.data.subProject.name, when: submission.data.milestone?.code ?? submission.data.period })}</Text>
        )}
      </Stack>
      {submission.isPending && <Group gap="xs"><Loader size="sm" /><Text>{t('states.loading', { ns: 'common' })}</Text></Group>}
      {submission.isError && <ErrorAlert error={submission.error} />}
      {submission.data && revisions.length < 2 && <Text>{t('diff.needTwo')}</Text>}
      {ready && (
        <>
          <SimpleGrid cols={{ base: 1, sm: 2 }} maw={960}>
            <Select
              label={t('diff.from')}
              data={options}
              value={String(from)}
              allowDeselect={false}
              onChange={(v) => v && void navigate({ search: { from: Number(v), to } })}
            />
            <Select
              label={t('diff.to')}
              data={options}
              value={String(to)}
              allowDeselect={false}
              onChange={(v) => v && void navigate({ search: { from, to: Number(v) } })}
            />
          </SimpleGrid>
          {(diff.isError || before.isError || after.isError) && <ErrorAlert error={diff.error ?? before.error ?? after.error} />}
          {diff.data && before.data && after.data && (
            <DiffTable changes={diff.data} before={before.data} after={after.data} indicatorName={indicatorName} />
          )}
        </>
      )}
    </Stack>
  );
}

function DiffTable({ changes, before, after, indicatorName }: { changes: ContentChange[]; before: Revision; after: Revision; indicatorName: (code: string) => string }) {
  const { t } = useTranslation('submission');
  const changed = new Map(changes.map((c) => [c.field, c]));
  const wide = useWideScreen();
  const show = (field: Field, rev: Revision): ReactNode => fieldValue(field, rev.content, rev, indicatorName, t('content.none'), (roc) => t('form.budgetYearRoc', { roc }));
  return (
    <Stack gap="sm">
      <Text fw={600} role="status">{changes.length === 0 ? t('diff.noChanges') : t('diff.summary', { count: changes.length })}</Text>
      {/* Narrow screens: each field as a card, the older revision above the newer. */}
      {!wide && <Stack gap="sm">
        {FIELDS.map((field) => {
          const change = changed.get(field);
          return (
            <Paper key={field} withBorder p="sm" radius="md" className={change ? 'diff-card-changed' : undefined} component="section" aria-label={t(`fields.${field}`)}>
              <Group justify="space-between" gap="xs" mb={4}>
                <Text fw={600} size="sm">{t(`fields.${field}`)}</Text>
                {change ? (
                  <Badge variant="filled" color="dark" radius="sm" style={{ textTransform: 'none' }}>● {t('diff.changed')}</Badge>
                ) : (
                  <Text size="xs" c="dimmed">{t('diff.unchanged')}</Text>
                )}
              </Group>
              <div className={change ? 'diff-before' : undefined}>
                <Text size="xs" fw={700}>{change ? t('revision', { n: before.revision }) : t('diff.bothSame')}</Text>
                {show(field, before)}
              </div>
              {change && (
                <div className="diff-after" style={{ marginTop: 6 }}>
                  <Text size="xs" fw={700}>{t('revision', { n: after.revision })}</Text>
                  {show(field, after)}
                  {field === 'evidence' && <EvidenceChanges change={change} />}
                </div>
              )}
            </Paper>
          );
        })}
      </Stack>}
      {wide && <Paper withBorder radius="md">
        <ScrollTable minWidth={640} label={t('diff.title')}>
          <Table withColumnBorders verticalSpacing="sm" layout="fixed">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col" w={170}>{t('diff.field')}</Table.Th>
                <Table.Th scope="col">{t('revision', { n: before.revision })}</Table.Th>
                <Table.Th scope="col">{t('revision', { n: after.revision })}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {FIELDS.map((field) => {
                const change = changed.get(field);
                return (
                  <Table.Tr key={field} className={change ? 'diff-changed' : undefined} data-changed={change ? 'true' : 'false'}>
                    <Table.Th scope="row">
                      <Text fw={600} size="sm">{t(`fields.${field}`)}</Text>
                      {change ? (
                        <Badge mt={4} variant="filled" color="dark" radius="sm" style={{ textTransform: 'none' }}>● {t('diff.changed')}</Badge>
                      ) : (
                        <Text size="xs" c="dimmed" mt={4}>{t('diff.unchanged')}</Text>
                      )}
                    </Table.Th>
                    <Table.Td className={change ? 'diff-before' : undefined}>{show(field, before)}</Table.Td>
                    <Table.Td className={change ? 'diff-after' : undefined}>
                      {show(field, after)}
                      {field === 'evidence' && change && <EvidenceChanges change={change} />}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      </Paper>}
    </Stack>
  );
}

function EvidenceChanges({ change }: { change: ContentChange }) {
  const { t } = useTranslation('submission');
  return (
    <Stack gap={4} mt="xs">
      {(change.added ?? []).length > 0 && (
        <div>
          <Text size="xs" fw={700}>{t('diff.evidenceAdded')}</Text>
          <ul className="plain-list">
            {change.added!.map((f) => <li key={f.sha256 + f.filename}><IconPlus size={12} aria-hidden /> <span className="diff-added-text">{t('diff.added')}：{f.filename}</span></li>)}
          </ul>
        </div>
      )}
      {(change.removed ?? []).length > 0 && (
        <div>
          <Text size="xs" fw={700}>{t('diff.evidenceRemoved')}</Text>
          <ul className="plain-list">
            {change.removed!.map((f) => <li key={f.sha256 + f.filename}><IconMinus size={12} aria-hidden /> <del>{t('diff.removed')}：{f.filename}</del></li>)}
          </ul>
        </div>
      )}
    </Stack>
  );
}

function fieldValue(field: Field, c: SubmissionContent, rev: Revision, indicatorName: (code: string) => string, none: string, rocYear: (roc: number) => string): ReactNode {
  const empty = <Text span size="sm" c="dimmed">{none}</Text>;
  switch (field) {
    case 'progressPercent': return c.progressPercent != null ? `${c.progressPercent}%` : empty;
    case 'narrative': return c.narrative ? <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{c.narrative}</Text> : empty;
    case 'budgetExecuted': return c.budgetExecuted != null ? <FormatAmount value={c.budgetExecuted} /> : empty;
    case 'budgetYear': return c.budgetYear ? `${c.budgetYear.ad}（${rocYear(c.budgetYear.roc)}）` : empty;
    case 'indicatorActuals':
      return c.indicatorActuals.length ? (
        <ul className="plain-list">{c.indicatorActuals.map((a) => <li key={a.indicator}>{indicatorName(a.indicator)}：{a.value}{a.note ? `（${a.note}）` : ''}</li>)}</ul>
      ) : empty;
    case 'evidence':
      return rev.evidence.length ? <ul className="plain-list">{rev.evidence.map((f) => <li key={f.id}>{f.filename}</li>)}</ul> : empty;
  }
}

export const Route = createLazyRoute('/app/submissions/$id/diff')({ component: Page });
