import { Alert, Button, Group, List, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconCalendarPlus, IconInfoCircle } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { createLazyRoute, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, unwrap, api } from '../api/client';
import { hasRole, useMe } from '../auth/session';
import { notify } from '../submissions/submission-parts';
import { ErrorAlert } from '../ui/error-alert';
import { useFormatDate } from '../ui/format';
import { UserPicker } from '../users/user-picker';
import { DecisionBadge, GateErrorAlert, GateStatusBadge } from './gate-parts';
import {
  flagshipSubProjectsQuery, type GateReview, gateConditionsQuery, gateReviewsQuery, gateTemplatesQuery, ISO_DATE, taipeiToday, useRefreshGates,
} from './gates.queries';
import './gates.texts';

const PASSED = new Set(['go', 'go_with_conditions']);

/** The first gate not passed yet whose previous gate is passed: what a coordinator schedules next. */
function nextGate(gates: { code: string; seq: number }[], reviews: GateReview[]): string | null {
  const passed = new Set(reviews.filter((r) => r.decision && PASSED.has(r.decision)).map((r) => r.gate.code));
  return gates.find((g) => !passed.has(g.code))?.code ?? null;
}

function SchedulePage() {
  const { t } = useTranslation('gates');
  const me = useMe();
  const search = Route.useSearch() as { subProject?: string };
  const navigate = useNavigate();
  const refresh = useRefreshGates();
  const formatDate = useFormatDate();
  const [subProject, setSubProject] = useState<string | null>(search.subProject ?? null);
  const [gate, setGate] = useState<string | null>(null);
  const [date, setDate] = useState('');
  const [reviewers, setReviewers] = useState<string[]>([]);
  const [problems, setProblems] = useState<Record<string, string | undefined>>({});
  const [error, setError] = useState<unknown>(null);
  const [running, setRunning] = useState(false);

  const flagships = useQuery(flagshipSubProjectsQuery);
  const chosen = flagships.data?.items.find((s) => s.code === subProject);
  const templates = useQuery({ ...gateTemplatesQuery(chosen?.programme.code ?? ''), enabled: !!chosen });
  const history = useQuery({ ...gateReviewsQuery({ subProject: subProject ?? undefined }), enabled: !!chosen });
  const open = useQuery({ ...gateConditionsQuery({ subProject: subProject ?? undefined, status: 'open' }), enabled: !!chosen });
  const gates = useMemo(() => templates.data?.gates ?? [], [templates.data]);
  const gateNames = useMemo(() => new Map(gates.map((g) => [g.code, `${t('detail.gateSeq', { n: g.seq })}・${g.name}`])), [gates, t]);
  const suggested = history.data ? nextGate(gates, history.data.items) : null;
  const gateValue = gate ?? suggested;

  if (!hasRole(me, 'coordinator')) return <ErrorAlert error={new ApiError(403, { code: 'FORBIDDEN', status: 403, message: '' })} />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = {
      subProject: subProject ? undefined : t('schedule.subProjectRequired'),
      gate: gateValue ? undefined : t('schedule.gateRequired'),
      scheduledFor: ISO_DATE.test(date) ? undefined : t('schedule.dateRequired'),
      reviewers: reviewers.length ? undefined : t('schedule.reviewersRequired'),
    };
    setProblems(found);
    if (Object.values(found).some(Boolean)) return;
    setRunning(true);
    setError(null);
    try {
      const review = await unwrap(api.POST('/api/gate-reviews', { body: { subProject: subProject!, gate: gateValue!, scheduledFor: date, reviewers } }));
      refresh(review);
      notify(t('schedule.done'), t('actions.close', { ns: 'common' }));
      void navigate({ to: '/gates/$id', params: { id: review.id } });
    } catch (err) {
      setError(err);
      if (err instanceof ApiError) setProblems(err.fieldProblems());
    } finally {
      setRunning(false);
    }
  };

  return (
    <Stack gap="md" maw={860}>
      <Title order={1}>{t('schedule.title')}</Title>
      <Text>{t('schedule.intro')}</Text>
      <Paper withBorder p="md" radius="md" component="form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="schedule-heading">
        <Stack gap="sm">
          <Title order={2} size="h3" id="schedule-heading">{t('schedule.title')}</Title>
          <Select
            label={t('schedule.subProject')}
            description={t('schedule.subProjectHint')}
            searchable
            required
            data={(flagships.data?.items ?? []).map((s) => ({ value: s.code, label: `${s.name}（${s.code}）` }))}
            value={subProject}
            onChange={(v) => { setSubProject(v); setGate(null); setProblems((p) => ({ ...p, subProject: undefined })); }}
            error={problems.subProject}
            nothingFoundMessage={t('list.empty')}
            comboboxProps={{ withinPortal: true }}
          />
          {chosen && <History reviews={history.data?.items ?? []} openConditions={open.data?.items.length ?? 0} />}
          <Select
            label={t('schedule.gate')}
            description={t('schedule.gateHint')}
            required
            disabled={!chosen}
            data={gates.map((g) => ({ value: g.code, label: gateNames.get(g.code)! }))}
            value={gateValue}
            onChange={(v) => { setGate(v); setProblems((p) => ({ ...p, gate: undefined })); }}
            error={problems.gate}
            comboboxProps={{ withinPortal: true }}
          />
          <TextInput
            type="date"
            label={t('schedule.date')}
            description={date && ISO_DATE.test(date) ? formatDate(date) : t('schedule.dateHint')}
            required
            min={taipeiToday()}
            value={date}
            onChange={(e) => { setDate(e.currentTarget.value); setProblems((p) => ({ ...p, scheduledFor: undefined })); }}
            error={problems.scheduledFor}
            maw={320}
          />
          <UserPicker
            label={t('schedule.reviewers')}
            description={t('schedule.reviewersHint')}
            role="reviewer"
            value={reviewers}
            onChange={(ids) => { setReviewers(ids); setProblems((p) => ({ ...p, reviewers: undefined })); }}
            error={problems.reviewers}
            required
          />
          <Group>
            <Button type="submit" loading={running} leftSection={<IconCalendarPlus size={16} aria-hidden />}>{t('schedule.submit')}</Button>
          </Group>
          {error != null && <GateErrorAlert error={error} gateNames={gateNames} />}
        </Stack>
      </Paper>
    </Stack>
  );
}

/** Where the sub-project stands: each review with its state and decision, and conditions still open. */
function History({ reviews, openConditions }: { reviews: GateReview[]; openConditions: number }) {
  const { t } = useTranslation('gates');
  return (
    <Stack gap="xs" component="section" aria-labelledby="history-heading">
      <Title order={3} size="h5" id="history-heading">{t('schedule.history')}</Title>
      {reviews.length === 0 ? <Text size="sm">{t('schedule.historyNone')}</Text> : (
        <List spacing={4} size="sm">
          {reviews.map((r) => (
            <List.Item key={r.id}>
              <Group gap="xs" wrap="wrap">
                <Text span size="sm">{t('detail.gateSeq', { n: r.gate.seq })}・{r.gate.name}</Text>
                <GateStatusBadge status={r.status} />
                {r.decision && <DecisionBadge decision={r.decision} />}
              </Group>
            </List.Item>
          ))}
        </List>
      )}
      {openConditions > 0 && (
        <Alert color="yellow" variant="light" icon={<IconInfoCircle aria-hidden />} styles={{ message: { color: '#3d2c00' } }}>
          <Text size="sm">{t('schedule.openConditions', { count: openConditions })}</Text>
        </Alert>
      )}
    </Stack>
  );
}

export const Route = createLazyRoute('/app/gates/new')({ component: SchedulePage });
