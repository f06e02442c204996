import { Alert, Button, Fieldset, Group, NumberInput, Paper, Radio, Stack, Text, Textarea, Title } from '@mantine/core';
import { IconDeviceFloppy, IconSend } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import { useMe } from '../auth/session';
import { notify } from '../submissions/submission-parts';
import { useFormatInstant } from '../ui/format';
import { GateErrorAlert } from './gate-parts';
import { type GateReview, useRefreshGates } from './gates.queries';
import './gates.texts';

interface Entry { met: boolean | null; score: number | null; comment: string }
type Problems = Record<string, { value?: string; comment?: string }>;

/** The form's values: the reviewer's draft if any, else their submitted scorecard, else blank. */
function initialEntries(review: GateReview, userId: string | undefined): Record<string, Entry> {
  const entries: Record<string, Entry> = Object.fromEntries(review.criteria.map((c) => [c.code, { met: null, score: null, comment: '' }]));
  const from = review.myDraft?.scores ?? (review.scores ?? []).filter((s) => s.reviewer.id === userId);
  for (const s of from) if (entries[s.criterion]) entries[s.criterion] = { met: s.met, score: s.score, comment: s.comment };
  return entries;
}

/**
 * An assigned reviewer's scorecard: must-meet criteria met / not met, should-meet ones 0–10, a comment
 * for each. A draft may be saved at any time (only its author sees it); submitting needs every criterion.
 */
export function Scorecard({ review }: { review: GateReview }) {
  const { t } = useTranslation('gates');
  const me = useMe();
  const refresh = useRefreshGates();
  const formatInstant = useFormatInstant();
  const [entries, setEntries] = useState(() => initialEntries(review, me?.userId));
  const [problems, setProblems] = useState<Problems>({});
  const [error, setError] = useState<unknown>(null);
  const [running, setRunning] = useState<'draft' | 'submit' | null>(null);
  const [draftSavedAt, setDraftSavedAt] = useState(review.myDraft?.savedAt ?? null);
  const mine = review.reviewers?.find((r) => r.id === me?.userId);

  const set = (code: string, change: Partial<Entry>) => {
    setEntries((e) => ({ ...e, [code]: { ...e[code], ...change } }));
    setProblems((p) => ({ ...p, [code]: { ...p[code], ...(change.comment !== undefined ? { comment: undefined } : { value: undefined }) } }));
  };

  const saveDraft = async () => {
    setRunning('draft');
    setError(null);
    try {
      const scores = review.criteria.map((c) => {
        const e = entries[c.code];
        return c.requirement === 'must_meet' ? { criterion: c.code, met: e.met, comment: e.comment } : { criterion: c.code, score: e.score, comment: e.comment };
      });
      const next = await unwrap(api.PUT('/api/gate-reviews/{id}/scores/draft', { params: { path: { id: review.id } }, body: { scores } }));
      setDraftSavedAt(next.myDraft?.savedAt ?? null);
      refresh(next);
    } catch (e) {
      setError(e);
    } finally {
      setRunning(null);
    }
  };

  const submit = async () => {
    const found: Problems = {};
    for (const c of review.criteria) {
      const e = entries[c.code];
      const value = c.requirement === 'must_meet' ? (e.met === null ? t('scorecard.metRequired') : undefined) : (e.score === null ? t('scorecard.scoreRequired') : undefined);
      const comment = e.comment.trim() ? undefined : t('scorecard.commentRequired');
      if (value || comment) found[c.code] = { value, comment };
    }
    setProblems(found);
    if (Object.keys(found).length) {
      setError(null);
      return;
    }
    setRunning('submit');
    setError(null);
    try {
      const scores = review.criteria.map((c) => {
        const e = entries[c.code];
        return c.requirement === 'must_meet' ? { criterion: c.code, met: e.met!, comment: e.comment.trim() } : { criterion: c.code, score: e.score!, comment: e.comment.trim() };
      });
      const next = await unwrap(api.PUT('/api/gate-reviews/{id}/scores', { params: { path: { id: review.id } }, body: { scores } }));
      setDraftSavedAt(null);
      refresh(next);
      notify(t('scorecard.submitted'), t('actions.close', { ns: 'common' }));
    } catch (e) {
      setError(e);
    } finally {
      setRunning(null);
    }
  };

  const missing = Object.keys(problems).length;
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="scorecard-heading">
      <Title order={2} size="h3" id="scorecard-heading" mb="xs">{t('scorecard.heading')}</Title>
      <Text size="sm" mb="xs">{t('scorecard.intro')}</Text>
      <Text size="sm" mb="sm">{t('criteria.scaleNote')}</Text>
      {mine?.scoresSubmittedAt && <Alert color="green" variant="light" mb="sm" styles={{ message: { color: '#1b4d24' } }}><Text size="sm">{t('scorecard.submittedAt', { when: formatInstant(mine.scoresSubmittedAt) })}</Text></Alert>}
      <Stack gap="md">
        {review.criteria.map((c) => {
          const e = entries[c.code];
          const p = problems[c.code] ?? {};
          const legend = t('scorecard.criterion', { n: c.seq, text: c.text });
          return (
            <Fieldset key={c.code} legend={<Text span fw={600} size="sm">{legend}</Text>} data-criterion={c.code}>
              <Text size="xs" mb="xs">{c.requirement === 'must_meet' ? t('criteria.mustMeet') : `${t('criteria.shouldMeet')}・${t('criteria.weight', { weight: c.weight })}`}{c.guidance ? `・${c.guidance}` : ''}</Text>
              {c.requirement === 'must_meet' ? (
                <Radio.Group
                  label={t('scorecard.met')}
                  value={e.met === null ? '' : e.met ? 'met' : 'not_met'}
                  onChange={(v) => set(c.code, { met: v === 'met' })}
                  error={p.value}
                  name={`met-${c.code}`}
                >
                  <Group gap="md" mt={4}>
                    <Radio value="met" label={t('scorecard.metYes')} />
                    <Radio value="not_met" label={t('scorecard.metNo')} />
                  </Group>
                </Radio.Group>
              ) : (
                <NumberInput
                  label={t('scorecard.score')}
                  min={0}
                  max={10}
                  step={1}
                  allowDecimal={false}
                  allowNegative={false}
                  clampBehavior="strict"
                  value={e.score ?? ''}
                  onChange={(v) => set(c.code, { score: typeof v === 'number' ? v : v === '' ? null : Number(v) })}
                  error={p.value}
                  maw={200}
                />
              )}
              <Textarea
                label={t('scorecard.comment')}
                autosize
                minRows={2}
                mt="xs"
                value={e.comment}
                onChange={(ev) => set(c.code, { comment: ev.currentTarget.value })}
                error={p.comment}
              />
            </Fieldset>
          );
        })}
        <Group gap="sm" wrap="wrap">
          <Button variant="light" leftSection={<IconDeviceFloppy size={16} aria-hidden />} loading={running === 'draft'} disabled={!!running} onClick={() => void saveDraft()}>{t('scorecard.saveDraft')}</Button>
          <Button leftSection={<IconSend size={16} aria-hidden />} loading={running === 'submit'} disabled={!!running} onClick={() => void submit()}>
            {mine?.scoresSubmittedAt ? t('scorecard.resubmit') : t('scorecard.submit')}
          </Button>
          <Text size="sm" aria-live="polite">{draftSavedAt ? t('scorecard.draftSaved', { when: formatInstant(draftSavedAt) }) : t('scorecard.draftNone')}</Text>
        </Group>
        {missing > 0 && <Text size="sm" role="alert" c="#8a1212">{t('scorecard.fixFirst', { count: missing })}</Text>}
        {error != null && <GateErrorAlert error={error} onReload={() => refresh()} />}
      </Stack>
    </Paper>
  );
}
