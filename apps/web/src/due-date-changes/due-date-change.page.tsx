import { Button, Group, Loader, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, unwrap } from '../api/client';
import { isSecretariat, useMe } from '../auth/session';
import { InfoList } from '../milestones/info-list';
import { milestoneKey, milestoneQuery } from '../milestones/milestone.queries';
import { AnchorLink } from '../ui/links';
import { MY_WORK_KEY } from '../my-work/my-work.queries';
import { ErrorAlert } from '../ui/error-alert';
import { DateText, useFormatInstant } from '../ui/format';
import { DueDateChangeStatusBadge } from './due-date-change-badge';
import './due-date-change.texts';

const dueDateChangeQuery = (id: string) =>
  queryOptions({ queryKey: ['due-date-change', id], queryFn: () => unwrap(api.GET('/api/due-date-changes/{id}', { params: { path: { id } } })) });

type Decision = 'approve' | 'reject';

function DueDateChangePage() {
  const { id } = Route.useParams();
  const { t } = useTranslation('dueDateChange');
  const { t: tc } = useTranslation();
  const formatInstant = useFormatInstant();
  const me = useMe();
  const request = useQuery(dueDateChangeQuery(id));
  const milestoneCode = request.data?.milestone;
  const milestone = useQuery({ ...milestoneQuery(milestoneCode ?? ''), enabled: !!milestoneCode });

  if (request.isPending) {
    return <Stack><Title order={1}>{t('titleFallback')}</Title><Loader aria-label={tc('states.loading')} /></Stack>;
  }
  if (request.isError) {
    return (
      <Stack>
        <Title order={1}>{t('titleFallback')}</Title>
        <Text>{t('loadFailed')}</Text>
        <ErrorAlert error={request.error} />
      </Stack>
    );
  }

  const r = request.data;
  const m = milestone.data;
  return (
    <Stack gap="lg">
      <Title order={1} style={{ overflowWrap: 'anywhere' }}>{m ? t('title', { deliverable: m.deliverable }) : t('titleFallback')}</Title>
      <Paper withBorder p="md" radius="md">
        <InfoList
          items={[
            [t('milestone'), <AnchorLink to="/milestones/$code" params={{ code: r.milestone }}>{m ? `${r.milestone} ${m.deliverable}` : r.milestone}</AnchorLink>],
            [t('subProject'), m ? <AnchorLink to="/sub-projects/$code" params={{ code: m.subProject.code }}>{m.subProject.code} {m.subProject.name}</AnchorLink> : '—'],
            [t('from'), <DateText date={r.previousDueDate} />],
            [t('to'), <Text fw={700} span><DateText date={r.proposedDueDate} /></Text>],
            [t('status'), <DueDateChangeStatusBadge status={r.status} />],
            [t('currentDue'), m ? <DateText date={m.dueDate} /> : '—'],
            [t('requested'), t('requestedBy', { name: r.requestedBy?.displayName ?? '—', date: formatInstant(r.requestedAt) })],
            [t('reason'), <Text span style={{ whiteSpace: 'pre-wrap' }}>{r.reason}</Text>],
            ...(r.decidedAt
              ? ([
                [t('decided'), t('requestedBy', { name: r.decidedBy?.displayName ?? '—', date: formatInstant(r.decidedAt) })],
                [t('decisionReason'), <Text span fw={600} style={{ whiteSpace: 'pre-wrap' }}>{r.decisionReason ?? '—'}</Text>],
              ] as [string, ReactNode][])
              : []),
          ]}
        />
      </Paper>
      {isSecretariat(me) && r.status === 'pending' && <DecisionForm id={r.id} version={r.version} milestone={r.milestone} onReload={() => void request.refetch()} />}
    </Stack>
  );
}

function DecisionForm({ id, version, milestone, onReload }: { id: string; version: number; milestone: string; onReload: () => void }) {
  const { t } = useTranslation('dueDateChange');
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | undefined>();

  const decide = useMutation({
    mutationFn: ({ decision, text }: { decision: Decision; text: string }) =>
      decision === 'approve'
        ? unwrap(api.POST('/api/due-date-changes/{id}/approve', { params: { path: { id } }, body: { version, reason: text } }))
        : unwrap(api.POST('/api/due-date-changes/{id}/reject', { params: { path: { id } }, body: { version, reason: text } })),
    onSuccess: async (_, { decision }) => {
      notifications.show({ color: 'green', message: t(decision === 'approve' ? 'approved' : 'rejected') });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['due-date-change', id] }),
        queryClient.invalidateQueries({ queryKey: milestoneKey(milestone) }),
        queryClient.invalidateQueries({ queryKey: MY_WORK_KEY }),
      ]);
    },
    onError: (error) => {
      if (error instanceof ApiError) setProblem(error.fieldProblems().reason);
    },
  });

  const submit = (decision: Decision) => {
    if (!reason.trim()) {
      setProblem(t('reasonRequired'));
      return;
    }
    setProblem(undefined);
    decide.mutate({ decision, text: reason.trim() });
  };

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="decide-heading">
      <Stack gap="sm">
        <Title order={2} size="h3" id="decide-heading">{t('decideHeading')}</Title>
        <Text size="sm">{t('decideIntro')}</Text>
        <Textarea
          label={t('decisionReasonLabel')}
          value={reason}
          onChange={(e) => { setReason(e.currentTarget.value); setProblem(undefined); }}
          error={problem}
          required
          autosize
          minRows={3}
          maxLength={2000}
        />
        {/* On a conflict the reason stays typed; reloading shows the request as it stands now. */}
        <ErrorAlert error={decide.error && !problem ? decide.error : null} onReload={onReload} />
        <Group>
          <Button color="#1e6b30" onClick={() => submit('approve')} loading={decide.isPending && decide.variables?.decision === 'approve'} disabled={decide.isPending}>{t('approve')}</Button>
          <Button color="red.9" variant="outline" onClick={() => submit('reject')} loading={decide.isPending && decide.variables?.decision === 'reject'} disabled={decide.isPending}>{t('reject')}</Button>
        </Group>
      </Stack>
    </Paper>
  );
}

export const Route = createLazyRoute('/app/due-date-changes/$id')({ component: DueDateChangePage });
