import { Alert, Button, Fieldset, Group, Paper, Radio, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconGavel, IconPlus, IconTrash } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, unwrap } from '../api/client';
import { organisationOptions, organisationsQuery } from '../sub-projects/sub-project.queries';
import { notify } from '../submissions/submission-parts';
import { useFormatDate } from '../ui/format';
import { GateErrorAlert } from './gate-parts';
import { GATE_DECISIONS, type GateDecision, type GateReview, ISO_DATE, useRefreshGates } from './gates.queries';
import './gates.texts';

interface ConditionDraft { key: number; text: string; owner: string | null; dueDate: string }

/** The coordinator's decision: one of five, with reasons; go with conditions lists each condition (text, owner organisation, due date). */
export function DecideForm({ review }: { review: GateReview }) {
  const { t } = useTranslation('gates');
  const refresh = useRefreshGates();
  const formatDate = useFormatDate();
  const organisations = useQuery(organisationsQuery);
  const [decision, setDecision] = useState<GateDecision | null>(null);
  const [reasons, setReasons] = useState('');
  const [conditions, setConditions] = useState<ConditionDraft[]>([{ key: 1, text: '', owner: review.subProject.lead?.code ?? null, dueDate: '' }]);
  const [problems, setProblems] = useState<Record<string, string | undefined>>({});
  const [error, setError] = useState<unknown>(null);
  const [running, setRunning] = useState(false);
  const mustMeetFailed = (review.scoreSummary?.mustMeetFailures.length ?? 0) > 0;
  const canDecide = review.status === 'scoring';
  const withConditions = decision === 'go_with_conditions';

  const update = (key: number, change: Partial<ConditionDraft>) => setConditions((list) => list.map((c) => (c.key === key ? { ...c, ...change } : c)));

  const submit = async () => {
    const found: Record<string, string | undefined> = {};
    if (!decision) found.decision = t('decide.decision');
    if (!reasons.trim()) found.reasons = t('decide.reasonsRequired');
    if (withConditions) {
      if (conditions.length === 0) found.conditions = t('decide.conditionRequired');
      conditions.forEach((c, i) => {
        if (!c.text.trim()) found[`conditions.${i}.text`] = t('decide.textRequired');
        if (!c.owner) found[`conditions.${i}.owner`] = t('decide.ownerRequired');
        if (!ISO_DATE.test(c.dueDate)) found[`conditions.${i}.dueDate`] = t('decide.dueRequired');
      });
    }
    setProblems(found);
    if (Object.values(found).some(Boolean)) return;
    setRunning(true);
    setError(null);
    try {
      const next = await unwrap(api.POST('/api/gate-reviews/{id}/decision', {
        params: { path: { id: review.id } },
        body: {
          version: review.version, decision: decision!, reasons: reasons.trim(),
          ...(withConditions ? { conditions: conditions.map((c) => ({ text: c.text.trim(), owner: c.owner!, dueDate: c.dueDate })) } : {}),
        },
      }));
      refresh(next);
      notify(t('decide.done'), t('actions.close', { ns: 'common' }));
    } catch (e) {
      setError(e);
      if (e instanceof ApiError) setProblems(e.fieldProblems());
    } finally {
      setRunning(false);
    }
  };

  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="decide-heading">
      <Title order={2} size="h3" id="decide-heading" mb="xs">{t('decide.heading')}</Title>
      <Text size="sm" mb="sm">{t('decide.intro')}</Text>
      {!canDecide ? <Text size="sm">{t('decide.waitScores')}</Text> : (
        <Stack gap="sm">
          {mustMeetFailed && (
            <Alert color="yellow" variant="light" styles={{ message: { color: '#3d2c00' } }}><Text size="sm">{t('decide.mustMeetWarning')}</Text></Alert>
          )}
          <Radio.Group label={t('decide.decision')} value={decision ?? ''} onChange={(v) => { setDecision(v as GateDecision); setProblems((p) => ({ ...p, decision: undefined })); }} error={problems.decision} required name="decision">
            <Stack gap="xs" mt={4}>
              {GATE_DECISIONS.map((d) => (
                <Radio key={d} value={d} label={t(`decision.${d}`)} description={t(`decisionHint.${d}`)} disabled={d === 'go' && mustMeetFailed} />
              ))}
            </Stack>
          </Radio.Group>
          <Textarea
            label={t('decide.reasons')}
            description={t('decide.reasonsHint')}
            required
            autosize
            minRows={3}
            value={reasons}
            onChange={(e) => { setReasons(e.currentTarget.value); setProblems((p) => ({ ...p, reasons: undefined })); }}
            error={problems.reasons}
          />
          {withConditions && (
            <Stack gap="sm" component="section" aria-labelledby="decide-conditions-heading">
              <Title order={3} size="h5" id="decide-conditions-heading">{t('decide.conditions')}</Title>
              {problems.conditions && <Text size="sm" role="alert" c="#8a1212">{problems.conditions}</Text>}
              {conditions.map((c, i) => (
                <Fieldset key={c.key} legend={t('decide.conditionN', { n: i + 1 })}>
                  <Stack gap="xs">
                    <Textarea label={t('decide.conditionText')} required autosize minRows={2} value={c.text} onChange={(e) => update(c.key, { text: e.currentTarget.value })} error={problems[`conditions.${i}.text`]} />
                    <Select
                      label={t('decide.conditionOwner')}
                      required
                      searchable
                      data={organisationOptions(organisations.data)}
                      value={c.owner}
                      onChange={(v) => update(c.key, { owner: v })}
                      error={problems[`conditions.${i}.owner`]}
                      comboboxProps={{ withinPortal: true }}
                    />
                    <TextInput
                      type="date"
                      label={t('decide.conditionDue')}
                      description={ISO_DATE.test(c.dueDate) ? formatDate(c.dueDate) : t('decide.conditionDueHint')}
                      required
                      value={c.dueDate}
                      onChange={(e) => update(c.key, { dueDate: e.currentTarget.value })}
                      error={problems[`conditions.${i}.dueDate`]}
                      maw={320}
                    />
                    {conditions.length > 1 && (
                      <Group><Button size="xs" variant="subtle" color="dark" leftSection={<IconTrash size={14} aria-hidden />} onClick={() => setConditions((list) => list.filter((x) => x.key !== c.key))}>{t('decide.removeCondition', { n: i + 1 })}</Button></Group>
                    )}
                  </Stack>
                </Fieldset>
              ))}
              <Group>
                <Button size="xs" variant="light" leftSection={<IconPlus size={14} aria-hidden />}
                  onClick={() => setConditions((list) => [...list, { key: Math.max(0, ...list.map((x) => x.key)) + 1, text: '', owner: review.subProject.lead?.code ?? null, dueDate: '' }])}>
                  {t('decide.addCondition')}
                </Button>
              </Group>
            </Stack>
          )}
          <Group><Button leftSection={<IconGavel size={16} aria-hidden />} loading={running} onClick={() => void submit()}>{t('decide.submit')}</Button></Group>
          {error != null && <GateErrorAlert error={error} onReload={() => refresh()} />}
        </Stack>
      )}
    </Paper>
  );
}
