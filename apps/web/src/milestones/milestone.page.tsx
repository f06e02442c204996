import { Button, Group, Loader, Paper, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, unwrap } from '../api/client';
import { hasRole, useMe } from '../auth/session';
import { DueDateChangeStatusBadge } from '../due-date-changes/due-date-change-badge';
import { AnchorLink } from '../ui/links';
import { DaysLeftBadge } from '../my-work/my-work-items';
import { MY_WORK_KEY } from '../my-work/my-work.queries';
import { subProjectQuery } from '../sub-projects/sub-project.queries';
import { MilestoneStatusBadge, SubmissionStatusBadge } from '../ui/badges';
import { ErrorAlert } from '../ui/error-alert';
import { DateText, useFormatDate, useFormatInstant } from '../ui/format';
import { InfoList } from './info-list';
import { type DueDateChange, type MilestoneDetail, milestoneChangesQuery, milestoneKey, milestoneQuery, milestoneSubmissionQuery } from './milestone.queries';
import './milestone.texts';

const REPORTING_STATUSES = ['acknowledged', 'active'];

/** Today in Asia/Taipei (YYYY-MM-DD), the day the API counts overdue from. */
function taipeiToday(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

function MilestonePage() {
  const { code } = Route.useParams();
  const { t } = useTranslation('milestone');
  const { t: tc } = useTranslation();
  const me = useMe();
  const milestone = useQuery(milestoneQuery(code));
  const subProjectCode = milestone.data?.subProject.code;
  const subProject = useQuery({ ...subProjectQuery(subProjectCode ?? ''), enabled: !!subProjectCode });
  const submission = useQuery({ ...milestoneSubmissionQuery(code), enabled: milestone.isSuccess });
  const changes = useQuery({ ...milestoneChangesQuery(code), enabled: milestone.isSuccess });

  if (milestone.isPending) {
    return <Stack><Title order={1}>{t('eyebrow', { code })}</Title><Loader aria-label={tc('states.loading')} /></Stack>;
  }
  if (milestone.isError) {
    return (
      <Stack>
        <Title order={1}>{t('eyebrow', { code })}</Title>
        <Text>{t('loadFailed')}</Text>
        <ErrorAlert error={milestone.error} />
      </Stack>
    );
  }

  const m = milestone.data;
  const sp = subProject.data;
  const isLeadOfficer = hasRole(me, 'ministry_officer') && sp?.callerPart === 'lead';
  const daysLeft = daysBetween(taipeiToday(), m.dueDate.ad);

  return (
    <Stack gap="lg">
      <div>
        <Text size="sm" fw={600} c="dimmed">{t('eyebrow', { code: m.code })}</Text>
        <Title order={1} style={{ overflowWrap: 'anywhere' }}>{m.deliverable}</Title>
      </div>

      <Paper withBorder p="md" radius="md">
        <InfoList
          items={[
            [t('subProject'), <AnchorLink to="/sub-projects/$code" params={{ code: m.subProject.code }}>{m.subProject.code} {m.subProject.name}</AnchorLink>],
            [t('lead'), sp ? (sp.lead?.name ?? '—') : subProject.isError ? '—' : tc('states.loading')],
            [t('dueDate'), <Group gap="xs"><DateText date={m.dueDate} />{m.status === 'pending' && <DaysLeftBadge daysLeft={daysLeft} />}</Group>],
            [t('status'), <MilestoneStatusBadge status={m.status} overdue={m.overdue} />],
          ]}
        />
      </Paper>

      <Stack component="section" aria-labelledby="milestone-submission" gap="xs">
        <Title order={2} size="h3" id="milestone-submission">{t('submissionHeading')}</Title>
        {submission.isPending ? (
          <Loader size="sm" aria-label={tc('states.loading')} />
        ) : submission.isError ? (
          <ErrorAlert error={submission.error} />
        ) : submission.data ? (
          <Group gap="sm">
            <SubmissionStatusBadge status={submission.data.status} />
            <AnchorLink to="/submissions/$id" params={{ id: submission.data.id }} fw={600}>{t('submissionOpen')}</AnchorLink>
          </Group>
        ) : (
          <>
            <Text>{t('noSubmission')}</Text>
            {isLeadOfficer && sp && (REPORTING_STATUSES.includes(sp.status) ? (
              <StartSubmission subProject={sp.code} milestone={m.code} />
            ) : (
              <Text>
                {t('notAcknowledged', { status: tc(`subProjectStatus.${sp.status}`, { defaultValue: sp.status }) })}{' '}
                <AnchorLink to="/sub-projects/$code" params={{ code: sp.code }}>{t('goToSubProject')}</AnchorLink>
              </Text>
            ))}
          </>
        )}
      </Stack>

      <Stack component="section" aria-labelledby="milestone-changes" gap="xs">
        <Title order={2} size="h3" id="milestone-changes">{t('changesHeading')}</Title>
        {changes.isPending ? <Loader size="sm" aria-label={tc('states.loading')} /> : changes.isError ? <ErrorAlert error={changes.error} /> : <ChangeTable changes={changes.data} />}
        {isLeadOfficer && sp?.status !== 'closed' && <RequestChangeForm milestone={m} />}
      </Stack>
    </Stack>
  );
}

function StartSubmission({ subProject, milestone }: { subProject: string; milestone: string }) {
  const { t } = useTranslation('milestone');
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const start = useMutation({
    mutationFn: () => unwrap(api.POST('/api/submissions', { body: { subProject, milestone } })),
    onSuccess: async (created) => {
      await Promise.all([queryClient.invalidateQueries({ queryKey: MY_WORK_KEY }), queryClient.invalidateQueries({ queryKey: ['submissions'] })]);
      await navigate({ to: '/submissions/$id', params: { id: created.id } });
    },
  });
  return (
    <Stack gap="xs" align="flex-start">
      <Button onClick={() => start.mutate()} loading={start.isPending}>{t('startSubmission')}</Button>
      <ErrorAlert error={start.error} />
    </Stack>
  );
}

function ChangeTable({ changes }: { changes: DueDateChange[] }) {
  const { t } = useTranslation('milestone');
  const formatInstant = useFormatInstant();
  if (changes.length === 0) return <Text>{t('noChanges')}</Text>;
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped withTableBorder verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('columns.requestedAt')}</Table.Th>
            <Table.Th>{t('columns.from')}</Table.Th>
            <Table.Th>{t('columns.to')}</Table.Th>
            <Table.Th miw={160}>{t('columns.reason')}</Table.Th>
            <Table.Th miw={120}>{t('columns.status')}</Table.Th>
            <Table.Th miw={140}>{t('columns.decision')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {changes.map((c) => (
            <Table.Tr key={c.id}>
              <Table.Td>
                <AnchorLink to="/due-date-changes/$id" params={{ id: c.id }} aria-label={`${t('open')}：${formatInstant(c.requestedAt)}`}>{formatInstant(c.requestedAt)}</AnchorLink>
              </Table.Td>
              <Table.Td><DateText date={c.previousDueDate} /></Table.Td>
              <Table.Td><DateText date={c.proposedDueDate} /></Table.Td>
              <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{c.reason}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}><DueDateChangeStatusBadge status={c.status} /></Table.Td>
              <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{c.decisionReason ?? '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function RequestChangeForm({ milestone }: { milestone: MilestoneDetail }) {
  const { t } = useTranslation('milestone');
  const formatDate = useFormatDate();
  const queryClient = useQueryClient();
  const [date, setDate] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<{ date?: string; reason?: string }>({});

  const request = useMutation({
    mutationFn: (body: { proposedDueDate: string; reason: string }) =>
      unwrap(api.POST('/api/milestones/{code}/due-date-changes', { params: { path: { code: milestone.code } }, body })),
    onSuccess: async () => {
      setDate(null);
      setReason('');
      notifications.show({ color: 'green', message: t('form.sent') });
      await Promise.all([queryClient.invalidateQueries({ queryKey: milestoneKey(milestone.code) }), queryClient.invalidateQueries({ queryKey: MY_WORK_KEY })]);
    },
    onError: (error) => {
      if (error instanceof ApiError) {
        const fields = error.fieldProblems();
        setProblems({ date: fields.proposedDueDate, reason: fields.reason });
      }
    },
  });

  if (milestone.status === 'accepted') return <Text>{t('form.closed')}</Text>;
  if (milestone.pendingChangeRequest) {
    return (
      <Text>
        {t('form.pendingExists')}{' '}
        <AnchorLink to="/due-date-changes/$id" params={{ id: milestone.pendingChangeRequest.id }}>{t('form.openPending')}</AnchorLink>
      </Text>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = {
      date: !date ? t('form.dateRequired') : date === milestone.dueDate.ad ? t('form.sameDate') : undefined,
      reason: reason.trim() ? undefined : t('form.reasonRequired'),
    };
    setProblems(found);
    if (found.date || found.reason) return;
    request.mutate({ proposedDueDate: date!, reason: reason.trim() });
  };

  return (
    <Paper withBorder p="md" radius="md" component="form" onSubmit={submit} noValidate aria-labelledby="request-change-heading">
      <Stack gap="sm">
        <Title order={3} size="h4" id="request-change-heading">{t('form.heading')}</Title>
        <Text size="sm">{t('form.intro')}</Text>
        <DateInput
          label={t('form.newDate')}
          description={date ? t('form.chosen', { date: formatDate(date) }) : t('form.newDateHint')}
          value={date}
          onChange={(value) => { setDate(value); setProblems((p) => ({ ...p, date: undefined })); }}
          valueFormat="YYYY-MM-DD"
          placeholder="YYYY-MM-DD"
          error={problems.date}
          required
          clearable
          clearButtonProps={{ 'aria-label': t('form.clearDate') }}
          maw={320}
          popoverProps={{ withinPortal: true }}
        />
        <Textarea
          label={t('form.reason')}
          description={t('form.reasonHint')}
          value={reason}
          onChange={(e) => { setReason(e.currentTarget.value); setProblems((p) => ({ ...p, reason: undefined })); }}
          error={problems.reason}
          required
          autosize
          minRows={3}
          maxLength={2000}
        />
        <ErrorAlert error={request.error && !(request.error instanceof ApiError && request.error.code === 'VALIDATION_FAILED' && (problems.date || problems.reason)) ? request.error : null} />
        <Group>
          <Button type="submit" loading={request.isPending}>{t('form.submit')}</Button>
        </Group>
      </Stack>
    </Paper>
  );
}

export const Route = createLazyRoute('/app/milestones/$code')({ component: MilestonePage });
