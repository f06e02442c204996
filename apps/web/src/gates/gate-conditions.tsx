import { Button, Card, Group, Stack, Text, Textarea } from '@mantine/core';
import { IconCircleCheck, IconCircleX } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import { hasRole, useMe } from '../auth/session';
import { notify } from '../submissions/submission-parts';
import { DateText, useFormatInstant } from '../ui/format';
import { AnchorLink } from '../ui/links';
import { ConditionStatusBadge, GateErrorAlert } from './gate-parts';
import { type GateCondition, taipeiToday, useRefreshGates } from './gates.queries';
import './gates.texts';

/**
 * Conditions of gate decisions, each with its owner, due date and state in words; an open one can be
 * closed with a note (the secretariat, or the owner organisation's officers and supervisors: the API
 * checks the organisation) or waived with a reason (the secretariat).
 */
export function ConditionTable({ conditions, showReview }: { conditions: GateCondition[]; showReview?: boolean }) {
  const { t } = useTranslation('gates');
  if (conditions.length === 0) return <Text size="sm">{t('conditions.empty')}</Text>;
  return (
    <Stack gap="sm" component="ul" aria-label={t('conditions.table')} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {conditions.map((c) => <ConditionItem key={c.id} condition={c} showReview={showReview} />)}
    </Stack>
  );
}

function ConditionItem({ condition: c, showReview }: { condition: GateCondition; showReview?: boolean }) {
  const { t } = useTranslation('gates');
  const me = useMe();
  const formatInstant = useFormatInstant();
  const [step, setStep] = useState<'close' | 'waive' | null>(null);
  const overdue = c.status === 'open' && c.dueDate.ad < taipeiToday();
  const canClose = c.status === 'open' && hasRole(me, 'coordinator', 'ministry_officer', 'ministry_supervisor');
  const canWaive = c.status === 'open' && hasRole(me, 'coordinator');
  return (
    <Card withBorder padding="sm" component="li" data-testid="gate-condition">
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
        <Text fw={600} style={{ whiteSpace: 'pre-wrap', flex: '1 1 16rem' }}>{`${c.seq}. ${c.text}`}</Text>
        <ConditionStatusBadge status={c.status} overdue={overdue} />
      </Group>
      <dl className="definition-list definition-list--inline">
        <dt>{t('conditions.owner')}</dt>
        <dd>{c.owner.name}</dd>
        <dt>{t('conditions.dueDate')}</dt>
        <dd><DateText date={c.dueDate} /></dd>
        {showReview && (
          <>
            <dt>{t('conditions.review')}</dt>
            <dd><AnchorLink to="/gates/$id" params={{ id: c.gateReviewId }}>{`${c.subProject.name}・${c.gate.name}`}</AnchorLink></dd>
          </>
        )}
        {c.note && (
          <>
            <dt>{t('conditions.note')}</dt>
            <dd>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{c.note}</Text>
              {c.resolvedBy && <Text size="xs">{t('conditions.resolvedBy', { who: c.resolvedBy.displayName, when: formatInstant(c.resolvedAt) })}</Text>}
            </dd>
          </>
        )}
      </dl>
      {step ? <ResolveForm condition={c} step={step} onDone={() => setStep(null)} /> : (canClose || canWaive) && (
        <Group gap="xs" mt="xs">
          {canClose && <Button size="xs" variant="light" leftSection={<IconCircleCheck size={14} aria-hidden />} onClick={() => setStep('close')} aria-label={`${t('conditions.close')}：${c.seq}. ${c.text}`}>{t('conditions.close')}</Button>}
          {canWaive && <Button size="xs" variant="subtle" color="dark" leftSection={<IconCircleX size={14} aria-hidden />} onClick={() => setStep('waive')} aria-label={`${t('conditions.waive')}：${c.seq}. ${c.text}`}>{t('conditions.waive')}</Button>}
        </Group>
      )}
    </Card>
  );
}

function ResolveForm({ condition, step, onDone }: { condition: GateCondition; step: 'close' | 'waive'; onDone: () => void }) {
  const { t } = useTranslation('gates');
  const refresh = useRefreshGates();
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [running, setRunning] = useState(false);
  const submit = async () => {
    if (!note.trim()) return setMissing(true);
    setRunning(true);
    setError(null);
    try {
      const params = { path: { id: condition.id } };
      const body = { version: condition.version, note: note.trim() };
      await unwrap(step === 'close' ? api.POST('/api/gate-conditions/{id}/close', { params, body }) : api.POST('/api/gate-conditions/{id}/waive', { params, body }));
      notify(t(step === 'close' ? 'conditions.closed' : 'conditions.waived'), t('actions.close', { ns: 'common' }));
      refresh();
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setRunning(false);
    }
  };
  return (
    <Stack gap="xs" mt="xs">
      <Textarea
        label={t(step === 'close' ? 'conditions.closeLabel' : 'conditions.waiveLabel', { n: condition.seq })}
        description={t(step === 'close' ? 'conditions.closeHint' : 'conditions.waiveHint')}
        autosize
        minRows={2}
        value={note}
        onChange={(e) => { setNote(e.currentTarget.value); if (e.currentTarget.value.trim()) setMissing(false); }}
        error={missing ? t('conditions.noteRequired') : undefined}
        data-autofocus
      />
      <Group gap="xs">
        <Button size="xs" loading={running} onClick={() => void submit()}>{t(step === 'close' ? 'conditions.close' : 'conditions.waive')}</Button>
        <Button size="xs" variant="default" onClick={onDone} disabled={running}>{t('actions.cancel', { ns: 'common' })}</Button>
      </Group>
      {error != null && <GateErrorAlert error={error} onReload={() => { refresh(); onDone(); }} />}
    </Stack>
  );
}
