import { Alert, Blockquote, Button, Group, List, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { IconDownload, IconEyeOff, IconFileSpreadsheet, IconInfoCircle } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { createLazyRoute, useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { hasRole, isSecretariat, useMe } from '../auth/session';
import { reportQuery, useRequestReport } from '../reports/reports.queries';
import { ErrorAlert } from '../ui/error-alert';
import { DateText, useFormatInstant } from '../ui/format';
import { AnchorLink, ButtonLink } from '../ui/links';
import { ScrollTable } from '../ui/scroll-table';
import { ConditionTable } from './gate-conditions';
import { DecideForm } from './gate-decide';
import { DecisionBadge, GateStatusBadge } from './gate-parts';
import { Scorecard } from './gate-scorecard';
import { type GateReview, gateReviewQuery } from './gates.queries';
import './gates.texts';

function Page() {
  const { id } = useParams({ from: '/app/gates/$id' });
  const { t } = useTranslation('gates');
  const query = useQuery(gateReviewQuery(id));
  if (query.isPending) return <Group gap="xs"><Loader size="sm" /><Text>{t('states.loading', { ns: 'common' })}</Text></Group>;
  if (query.isError && !query.data) {
    return (
      <Stack>
        <Title order={1}>{t('loadFailed')}</Title>
        <ErrorAlert error={query.error} />
        <AnchorLink to="/gates" search={{}}>{t('detail.gateList')}</AnchorLink>
      </Stack>
    );
  }
  return <Review review={query.data} />;
}

function Review({ review }: { review: GateReview }) {
  const { t } = useTranslation('gates');
  const me = useMe();
  const formatInstant = useFormatInstant();
  const secretariat = isSecretariat(me);
  const assigned = !!review.reviewers?.some((r) => r.id === me?.userId);
  const decided = review.status === 'decided';
  const passed = review.decision === 'go' || review.decision === 'go_with_conditions';

  return (
    <Stack gap="lg" maw={1100}>
      <Stack gap="xs">
        <AnchorLink to="/gates" search={{}} size="sm">{t('detail.gateList')}</AnchorLink>
        <Title order={1} size="h2">{t('detail.title', { gate: `${t('detail.gateSeq', { n: review.gate.seq })}・${review.gate.name}`, subProject: review.subProject.name })}</Title>
        <Group gap="sm">
          <GateStatusBadge status={review.status} />
          {review.decision && <DecisionBadge decision={review.decision} />}
        </Group>
        <dl className="definition-list definition-list--inline">
          <dt>{t('detail.subProject')}</dt>
          <dd><AnchorLink to="/sub-projects/$code" params={{ code: review.subProject.code }}>{review.subProject.name}</AnchorLink></dd>
          {review.subProject.lead && (<><dt>{t('detail.lead')}</dt><dd>{review.subProject.lead.name}</dd></>)}
          <dt>{t('detail.scheduledFor')}</dt>
          <dd><DateText date={review.scheduledFor} /></dd>
          <dt>{t('detail.createdAt')}</dt>
          <dd>{formatInstant(review.createdAt)}</dd>
        </dl>
        {hasRole(me, 'coordinator') && decided && passed && (
          <Group><ButtonLink to="/gates/new" search={{ subProject: review.subProject.code }} variant="light">{t('detail.scheduleNext')}</ButtonLink></Group>
        )}
      </Stack>

      {decided && (
        <Paper withBorder p="md" radius="md" component="section" aria-labelledby="decision-heading">
          <Title order={2} size="h3" id="decision-heading" mb="sm">{t('detail.decision')}</Title>
          <Group gap="sm" mb="xs"><DecisionBadge decision={review.decision} /><Text size="sm">{t(`decisionHint.${review.decision!}`)}</Text></Group>
          <Text fw={600} size="sm">{t('detail.reasons')}</Text>
          <Blockquote p="xs" color="gray" style={{ whiteSpace: 'pre-wrap' }}><Text size="sm">{review.decisionReasons}</Text></Blockquote>
          {review.decidedBy && <Text size="xs" mt={4}>{`${t('detail.decidedBy')}：${review.decidedBy.displayName}・${formatInstant(review.decidedAt)}`}</Text>}
        </Paper>
      )}

      {(review.conditions.length > 0 || review.decision === 'go_with_conditions') && (
        <Paper withBorder p="md" radius="md" component="section" aria-labelledby="conditions-heading">
          <Title order={2} size="h3" id="conditions-heading" mb="sm">{t('conditions.heading')}</Title>
          <ConditionTable conditions={review.conditions} />
        </Paper>
      )}

      <Packet review={review} />

      <Reviewers review={review} />

      {assigned && !decided && <Scorecard review={review} />}

      {review.scores && <Scores review={review} assigned={assigned} />}

      {review.scoreSummary && <Summary review={review} />}

      {secretariat && hasRole(me, 'coordinator') && !decided && <DecideForm review={review} />}

      {!(assigned && !decided) && <Criteria review={review} />}
    </Stack>
  );
}

function Packet({ review }: { review: GateReview }) {
  const { t } = useTranslation('gates');
  const pdf = useQuery({ ...reportQuery(review.packet?.reportId ?? ''), enabled: !!review.packet });
  const request = useRequestReport();
  const xlsxId = request.data?.id;
  const xlsx = useQuery({ ...reportQuery(xlsxId ?? ''), enabled: !!xlsxId });
  const status = pdf.data?.status ?? review.packet?.status;
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="packet-heading">
      <Title order={2} size="h3" id="packet-heading" mb="xs">{t('packet.heading')}</Title>
      <Text size="sm" mb="sm">{t('packet.intro')}</Text>
      {!review.packet ? <Text size="sm">{t('packet.none')}</Text> : (
        <Stack gap="xs">
          <Text size="sm" aria-live="polite">{`${t('detail.status')}：${t(`packet.status.${status ?? 'unknown'}`, { defaultValue: status })}`}</Text>
          {pdf.data?.status === 'ready' && pdf.data.file ? (
            <Group gap="sm" wrap="wrap">
              <Button component="a" href={pdf.data.links.file} download leftSection={<IconDownload size={16} aria-hidden />} aria-label={t('packet.pdf', { name: pdf.data.file.name })} maw="100%">
                <Text span inherit truncate>{pdf.data.file.name}</Text>
              </Button>
              {!xlsxId && (
                <Button variant="light" leftSection={<IconFileSpreadsheet size={16} aria-hidden />} loading={request.isPending}
                  onClick={() => request.mutate({ kind: 'gate_packet', format: 'xlsx', gateReview: review.id })}>
                  {t('packet.xlsx')}
                </Button>
              )}
              {xlsxId && xlsx.data?.status === 'ready' && xlsx.data.file && (
                <Button component="a" href={xlsx.data.links.file} download variant="light" leftSection={<IconDownload size={16} aria-hidden />} aria-label={t('packet.xlsxReady', { name: xlsx.data.file.name })} maw="100%">
                  <Text span inherit truncate>{xlsx.data.file.name}</Text>
                </Button>
              )}
              {xlsxId && xlsx.data && (xlsx.data.status === 'queued' || xlsx.data.status === 'running') && (
                <Group gap="xs" aria-live="polite"><Loader size="xs" /><Text size="sm">{t('packet.xlsxWaiting')}</Text></Group>
              )}
              {xlsx.data?.status === 'failed' && <Text size="sm" role="alert">{t('packet.xlsxFailed', { reason: xlsx.data.error ?? '' })}</Text>}
            </Group>
          ) : status === 'queued' || status === 'running' ? <Group gap="xs"><Loader size="xs" /><Text size="sm">{t('packet.waiting')}</Text></Group> : null}
          <ErrorAlert error={request.error ?? pdf.error} />
        </Stack>
      )}
    </Paper>
  );
}

function Reviewers({ review }: { review: GateReview }) {
  const { t } = useTranslation('gates');
  const me = useMe();
  const formatInstant = useFormatInstant();
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="reviewers-heading">
      <Title order={2} size="h3" id="reviewers-heading" mb="sm">{t('reviewers.heading')}</Title>
      {!review.reviewers ? <Text size="sm">{t('reviewers.hiddenForMinistry', { count: review.reviewerCount })}</Text> : (
        <List spacing={4} size="sm">
          {review.reviewers.map((r) => (
            <List.Item key={r.id}>
              <Text span size="sm" fw={600}>{r.displayName}{r.id === me?.userId ? t('reviewers.you') : ''}</Text>
              <Text span size="sm">{`：${r.scoresSubmittedAt ? t('reviewers.submitted', { when: formatInstant(r.scoresSubmittedAt) }) : t('reviewers.notSubmitted')}`}</Text>
            </List.Item>
          ))}
        </List>
      )}
    </Paper>
  );
}

function Scores({ review, assigned }: { review: GateReview; assigned: boolean }) {
  const { t } = useTranslation('gates');
  const scores = review.scores ?? [];
  const criteria = new Map(review.criteria.map((c) => [c.code, c]));
  const hidden = assigned && review.status !== 'decided';
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="scores-heading">
      <Title order={2} size="h3" id="scores-heading" mb="sm">{t('scores.heading')}</Title>
      {hidden && (
        <Alert color="blue" variant="light" icon={<IconEyeOff aria-hidden />} mb="sm" styles={{ message: { color: '#0b3d6b' } }} data-testid="scores-hidden">
          <Text size="sm">{t('scores.hiddenBeforeDecision')}</Text>
        </Alert>
      )}
      {scores.length === 0 ? <Text size="sm">{t('scores.none')}</Text> : (
        <ScrollTable minWidth={640} label={t('scores.table')}>
          <Table withTableBorder verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('scores.criterion')}</Table.Th>
                <Table.Th scope="col">{t('scores.reviewer')}</Table.Th>
                <Table.Th scope="col">{t('scores.value')}</Table.Th>
                <Table.Th scope="col">{t('scores.comment')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {scores.map((s) => {
                const c = criteria.get(s.criterion);
                return (
                  <Table.Tr key={`${s.criterion}/${s.reviewer.id}`}>
                    <Table.Td><Text size="sm">{c ? `${c.seq}. ${c.text}` : s.criterion}</Text></Table.Td>
                    <Table.Td><Text size="sm">{s.reviewer.displayName}</Text></Table.Td>
                    <Table.Td><Text size="sm" fw={600}>{s.met === null ? t('scores.points', { score: s.score }) : s.met ? t('scores.met') : t('scores.notMet')}</Text></Table.Td>
                    <Table.Td><Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{s.comment}</Text></Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Paper>
  );
}

function Summary({ review }: { review: GateReview }) {
  const { t } = useTranslation('gates');
  const s = review.scoreSummary!;
  const names = new Map(review.criteria.map((c) => [c.code, `${c.seq}. ${c.text}`]));
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="summary-heading">
      <Title order={2} size="h3" id="summary-heading" mb="xs">{t('summary.heading')}</Title>
      <Text size="sm" mb="xs">{review.status === 'decided' ? t('summary.recorded') : t('summary.live')}</Text>
      <List spacing={4} size="sm">
        <List.Item>{t('summary.submitted', { submitted: s.reviewersSubmitted, assigned: s.reviewersAssigned })}</List.Item>
        <List.Item>{s.weightedScore ? t('summary.weighted', { score: s.weightedScore, percent: s.weightedPercent }) : t('summary.weightedNone')}</List.Item>
        <List.Item>
          {s.mustMeetFailures.length ? t('summary.mustMeetFailures', { list: s.mustMeetFailures.map((c) => names.get(c) ?? c).join('、') }) : t('summary.mustMeetAllMet')}
        </List.Item>
      </List>
    </Paper>
  );
}

function Criteria({ review }: { review: GateReview }) {
  const { t } = useTranslation('gates');
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="criteria-heading">
      <Title order={2} size="h3" id="criteria-heading" mb="xs">{t('criteria.heading')}</Title>
      <Group gap={6} mb="sm" wrap="nowrap" align="flex-start"><IconInfoCircle size={16} aria-hidden style={{ flexShrink: 0, marginTop: 2 }} /><Text size="sm">{t('criteria.scaleNote')}</Text></Group>
      <List type="ordered" spacing="xs" size="sm">
        {review.criteria.map((c) => (
          <List.Item key={c.code}>
            <Text size="sm">{c.text}</Text>
            <Text size="xs">{c.requirement === 'must_meet' ? t('criteria.mustMeet') : `${t('criteria.shouldMeet')}・${t('criteria.weight', { weight: c.weight })}`}{c.source ? `・${t('criteria.source', { source: c.source })}` : ''}</Text>
          </List.Item>
        ))}
      </List>
    </Paper>
  );
}

export const Route = createLazyRoute('/app/gates/$id')({ component: Page });
