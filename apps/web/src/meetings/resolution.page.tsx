import { Alert, Blockquote, Button, Card, Checkbox, Group, Loader, Paper, Select, Stack, Text, Textarea, Timeline, Title } from '@mantine/core';
import { IconCircleCheck, IconClock, IconSend } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { createLazyRoute, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, unwrap } from '../api/client';
import { hasRole, isSecretariat, useMe } from '../auth/session';
import { notify } from '../submissions/submission-parts';
import { ErrorAlert } from '../ui/error-alert';
import { DateText, useFormatDate, useFormatInstant } from '../ui/format';
import { AnchorLink } from '../ui/links';
import { TrackingBadge } from './meeting-parts';
import { type ResolutionDetail, resolutionQuery, useRefreshMeetings } from './meetings.queries';
import './meetings.texts';

type Assignment = ResolutionDetail['assignments'][number];

function Page() {
  const { code } = useParams({ from: '/app/resolutions/$code' });
  const { t } = useTranslation('meetings');
  const query = useQuery(resolutionQuery(code));
  if (query.isPending) return <Group gap="xs"><Loader size="sm" /><Text>{t('states.loading', { ns: 'common' })}</Text></Group>;
  if (query.isError && !query.data) {
    return (
      <Stack>
        <Title order={1}>{t('loadFailedResolution')}</Title>
        <ErrorAlert error={query.error} />
        <AnchorLink to="/meetings">{t('meeting.back')}</AnchorLink>
      </Stack>
    );
  }
  return <Resolution resolution={query.data} />;
}

function Resolution({ resolution }: { resolution: ResolutionDetail }) {
  const { t } = useTranslation('meetings');
  const me = useMe();
  const formatDate = useFormatDate();
  const secretariat = isSecretariat(me);
  const ministry = hasRole(me, 'ministry_officer', 'ministry_supervisor') && !secretariat;
  const mine = resolution.assignments.filter((a) => a.yours);
  return (
    <Stack gap="lg" maw={1100}>
      <Stack gap="xs">
        <AnchorLink to="/meetings/$code" params={{ code: resolution.meeting.code }} size="sm">{`${resolution.meeting.name}（${formatDate(resolution.meeting.heldOn)}）`}</AnchorLink>
        <Title order={1} size="h2">{t('resolution.title', { code: resolution.code })}</Title>
        <Blockquote p="sm" color="gray"><Text style={{ whiteSpace: 'pre-wrap' }}>{resolution.text}</Text></Blockquote>
        <dl className="definition-list definition-list--inline">
          <dt>{t('resolution.meeting')}</dt>
          <dd>{resolution.meeting.name}</dd>
          <dt>{t('resolution.dueDate')}</dt>
          <dd>{resolution.dueDate ? <DateText date={resolution.dueDate} /> : t('meeting.noDueDate')}</dd>
        </dl>
      </Stack>

      <Stack gap="sm" component="section" aria-labelledby="assignments-heading">
        <Title order={2} size="h3" id="assignments-heading">{t('resolution.assignments')}</Title>
        <Text size="sm">{t('resolution.assignmentsIntro')}</Text>
        <Stack gap="sm" component="ul" aria-label={t('resolution.assignments')} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {resolution.assignments.map((a) => <AssignmentCard key={a.organisation.code} resolution={resolution} assignment={a} ministry={ministry} />)}
        </Stack>
      </Stack>

      {ministry && mine.length > 0 && <FollowUpForm resolution={resolution} mine={mine} />}

      <FollowUps resolution={resolution} ministry={ministry} />
    </Stack>
  );
}

function AssignmentCard({ resolution, assignment: a, ministry }: { resolution: ResolutionDetail; assignment: Assignment; ministry: boolean }) {
  const { t } = useTranslation('meetings');
  const me = useMe();
  const formatInstant = useFormatInstant();
  const decides = isSecretariat(me) && a.status !== 'released';
  return (
    <Card withBorder padding="sm" component="li" data-testid="assignment" data-organisation={a.organisation.code}>
      <Group gap="xs" wrap="wrap">
        <Text fw={600}>{a.organisation.name}{a.yours ? t('resolution.yours') : ''}</Text>
        <TrackingBadge status={a.status} />
      </Group>
      {a.lastDecision && <Text size="sm" mt={4}>{t('resolution.lastDecision', { decision: t(`decisionKind.${a.lastDecision.decision}`, { defaultValue: a.lastDecision.decision }), when: formatInstant(a.lastDecision.at) })}</Text>}
      {ministry && !a.yours ? <Text size="xs" mt={4}>{t('resolution.historyHidden')}</Text> : a.history.length > 0 && (
        <Stack gap={4} mt="xs">
          <Text size="sm" fw={600}>{t('resolution.history')}</Text>
          <Timeline bulletSize={20} lineWidth={2} color="dark" active={a.history.length - 1}>
            {a.history.map((d, i) => (
              <Timeline.Item key={i} bullet={d.decision === 'released' ? <IconCircleCheck size={12} aria-hidden /> : <IconClock size={12} aria-hidden />}
                title={<Text size="sm" fw={600}>{t(`decisionKind.${d.decision}`, { defaultValue: d.decision })}</Text>}>
                <Text size="xs">{[d.by, formatInstant(d.at), d.meeting?.name].filter(Boolean).join('・')}</Text>
                {d.comment && <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{d.comment}</Text>}
              </Timeline.Item>
            ))}
          </Timeline>
        </Stack>
      )}
      {decides && <DecidePanel resolution={resolution} assignment={a} />}
    </Card>
  );
}

/** 解除列管 (comment optional) or 繼續列管 (reason required; only once release was asked for). */
function DecidePanel({ resolution, assignment }: { resolution: ResolutionDetail; assignment: Assignment }) {
  const { t } = useTranslation('meetings');
  const refresh = useRefreshMeetings();
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [running, setRunning] = useState<'release' | 'keep' | null>(null);
  const org = assignment.organisation.name;
  const run = async (step: 'release' | 'keep') => {
    if (step === 'keep' && !comment.trim()) return setMissing(true);
    setRunning(step);
    setError(null);
    try {
      const params = { path: { code: resolution.code, org: assignment.organisation.code } };
      const next = step === 'release'
        ? await unwrap(api.POST('/api/resolutions/{code}/assignments/{org}/release', { params, body: { version: assignment.version, ...(comment.trim() ? { comment: comment.trim() } : {}) } }))
        : await unwrap(api.POST('/api/resolutions/{code}/assignments/{org}/keep', { params, body: { version: assignment.version, comment: comment.trim() } }));
      refresh(next);
      notify(t(step === 'release' ? 'decide.released' : 'decide.kept', { org }), t('actions.close', { ns: 'common' }));
      setComment('');
    } catch (e) {
      setError(e);
    } finally {
      setRunning(null);
    }
  };
  const headingId = `decide-${assignment.organisation.code}`;
  return (
    <Stack gap="xs" mt="sm" component="section" aria-labelledby={headingId}>
      <Title order={3} size="h5" id={headingId}>{t('decide.heading', { org })}</Title>
      <Text size="sm">{t('decide.intro')}</Text>
      {assignment.status === 'release_requested' && <Text size="sm" fw={600}>{t('decide.requested', { org })}</Text>}
      <Textarea
        label={t('decide.comment', { org })}
        description={t('decide.commentHint')}
        autosize
        minRows={2}
        value={comment}
        onChange={(e) => { setComment(e.currentTarget.value); if (e.currentTarget.value.trim()) setMissing(false); }}
        error={missing ? t('decide.commentRequired') : undefined}
      />
      <Group gap="sm">
        <Button size="sm" color="#1b6e2e" loading={running === 'release'} disabled={!!running} onClick={() => void run('release')}>{t('decide.release')}</Button>
        {assignment.status === 'release_requested' && (
          <Button size="sm" variant="outline" color="#a61e1e" loading={running === 'keep'} disabled={!!running} onClick={() => void run('keep')}>{t('decide.keep')}</Button>
        )}
      </Group>
      {error != null && <ErrorAlert error={error} onReload={() => refresh()} />}
    </Stack>
  );
}

/** 辦理情形 of the caller's organisation, optionally asking for release (解除列管). */
function FollowUpForm({ resolution, mine }: { resolution: ResolutionDetail; mine: Assignment[] }) {
  const { t } = useTranslation('meetings');
  const refresh = useRefreshMeetings();
  const open = mine.filter((a) => a.status !== 'released');
  const [organisation, setOrganisation] = useState<string | null>(open[0]?.organisation.code ?? null);
  const [text, setText] = useState('');
  const [requestRelease, setRequestRelease] = useState(false);
  const [problems, setProblems] = useState<Record<string, string | undefined>>({});
  const [error, setError] = useState<unknown>(null);
  const [running, setRunning] = useState(false);
  const chosen = open.find((a) => a.organisation.code === organisation) ?? open[0];

  if (!chosen) {
    return <Alert color="green" variant="light" styles={{ message: { color: '#1b4d24' } }}><Text size="sm">{t('followUp.released')}</Text></Alert>;
  }
  const mayRequest = chosen.status === 'tracking';
  const submit = async () => {
    if (!text.trim()) return setProblems({ text: t('followUp.textRequired') });
    setRunning(true);
    setError(null);
    try {
      const asking = requestRelease && mayRequest;
      const next = await unwrap(api.POST('/api/resolutions/{code}/follow-ups', {
        params: { path: { code: resolution.code } },
        body: { text: text.trim(), requestRelease: asking, ...(asking ? { version: chosen.version } : {}), ...(open.length > 1 ? { organisation: chosen.organisation.code } : {}) },
      }));
      refresh(next);
      notify(t(asking ? 'followUp.doneRelease' : 'followUp.done'), t('actions.close', { ns: 'common' }));
      setText('');
      setRequestRelease(false);
    } catch (e) {
      setError(e);
      if (e instanceof ApiError) setProblems(e.fieldProblems());
    } finally {
      setRunning(false);
    }
  };
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="follow-up-heading">
      <Title order={2} size="h3" id="follow-up-heading" mb="xs">{t('followUp.heading')}</Title>
      <Text size="sm" mb="sm">{t('followUp.intro')}</Text>
      <Stack gap="sm">
        {chosen.status === 'release_requested' && <Text size="sm" fw={600}>{t('followUp.requested')}</Text>}
        {open.length > 1 && (
          <Select label={t('followUp.organisation')} data={open.map((a) => ({ value: a.organisation.code, label: a.organisation.name }))} value={organisation} onChange={setOrganisation} allowDeselect={false} />
        )}
        <Textarea label={t('followUp.text')} description={t('followUp.textHint')} required autosize minRows={4} value={text}
          onChange={(e) => { setText(e.currentTarget.value); setProblems({}); }} error={problems.text} />
        {mayRequest && <Checkbox label={t('followUp.requestRelease')} description={t('followUp.requestReleaseHint')} checked={requestRelease} onChange={(e) => setRequestRelease(e.currentTarget.checked)} />}
        <Group><Button leftSection={<IconSend size={16} aria-hidden />} loading={running} onClick={() => void submit()}>{t('followUp.submit')}</Button></Group>
        {error != null && <ErrorAlert error={error} onReload={() => refresh()} />}
      </Stack>
    </Paper>
  );
}

function FollowUps({ resolution, ministry }: { resolution: ResolutionDetail; ministry: boolean }) {
  const { t } = useTranslation('meetings');
  const formatDate = useFormatDate();
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="follow-ups-heading">
      <Title order={2} size="h3" id="follow-ups-heading" mb="xs">{t('resolution.followUps')}</Title>
      <Text size="sm" mb="sm">{ministry ? t('resolution.followUpsIntroMinistry') : t('resolution.followUpsIntro')}</Text>
      {resolution.followUps.length === 0 ? <Text size="sm">{t('resolution.noFollowUps')}</Text> : (
        <Stack gap="sm" component="ul" aria-label={t('resolution.followUps')} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {resolution.followUps.map((f) => (
            <Card key={f.code} withBorder padding="sm" component="li" data-testid="follow-up">
              <Text size="xs" mb={4}>
                {t('resolution.reportedBy', { org: f.organisation?.name ?? t('resolution.joint'), who: f.reportedBy ?? t('resolution.fromDocuments'), date: formatDate(f.reportedOn) })}
              </Text>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{f.text}</Text>
              {f.note && <Text size="xs" mt={4}>{f.note}</Text>}
            </Card>
          ))}
        </Stack>
      )}
    </Paper>
  );
}

export const Route = createLazyRoute('/app/resolutions/$code')({ component: Page });
