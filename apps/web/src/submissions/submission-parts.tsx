import { Alert, Blockquote, Button, Group, Paper, Table, Text, Textarea, Timeline, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowBackUp, IconCheck, IconCircleCheck, IconGitCompare, IconMessageCircle, IconPencil, IconSend } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { AnchorLink } from '../ui/links';
import { ScrollTable } from '../ui/scroll-table';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, unwrap } from '../api/client';
import { ErrorAlert } from '../ui/error-alert';
import { FormatAmount, useFormatInstant } from '../ui/format';
import type { IndicatorOption, Review, SubmissionContent, SubmissionDetail } from './submission.queries';
import { submissionKey } from './submission.queries';
import './submission.texts';

/** A short confirmation; its close button is named (Mantine's is not). */
export function notify(message: string, closeLabel: string, success = true) {
  notifications.show({
    message,
    color: success ? 'green' : 'dark',
    icon: success ? <IconCheck size={16} aria-hidden /> : undefined,
    closeButtonProps: { 'aria-label': closeLabel },
  });
}

export type Step = 'submit' | 'approve' | 'send_back' | 'accept' | 'return' | 'revise';

function post(step: Step, id: string, body: { version: number; comment?: string }) {
  const params = { path: { id } };
  switch (step) {
    case 'submit': return api.POST('/api/submissions/{id}/submit', { params, body });
    case 'approve': return api.POST('/api/submissions/{id}/approve', { params, body });
    case 'send_back': return api.POST('/api/submissions/{id}/send-back', { params, body });
    case 'accept': return api.POST('/api/submissions/{id}/accept', { params, body });
    case 'return': return api.POST('/api/submissions/{id}/return', { params, body });
    case 'revise': return api.POST('/api/submissions/{id}/revise', { params, body });
  }
}

/** Runs one review step with the version on screen; afterwards the page shows the new state. */
export function useStep(submission: SubmissionDetail) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const [running, setRunning] = useState<Step | null>(null);
  const run = async (step: Step, comment?: string, done?: string) => {
    setError(null);
    setRunning(step);
    try {
      const next = (await unwrap(post(step, submission.id, { version: submission.version, ...(comment ? { comment } : {}) }))) as unknown as SubmissionDetail;
      queryClient.setQueryData(submissionKey(submission.id), next);
      void queryClient.invalidateQueries({ queryKey: ['my-work'] });
      void queryClient.invalidateQueries({ queryKey: ['sub-project', submission.subProject.code] });
      if (done) notify(done, t('actions.close', { ns: 'common' }));
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setRunning(null);
    }
  };
  // Reload keeps the comment typed (it lives in the panel's state) and brings the current version and state.
  const reload = () => void queryClient.invalidateQueries({ queryKey: submissionKey(submission.id), exact: true });
  return { run, running, error, reload };
}

/**
 * The reviewer's two choices: pass it on, or send it back with a required comment. The comment
 * stays typed whatever the answer (a 409 reloads the submission underneath, not the panel).
 */
export function DecisionPanel({ submission, heading, intro, pass, back, children }: {
  submission: SubmissionDetail;
  heading: string;
  intro: string;
  pass: { step: Step; label: string; done: string };
  back: { step: Step; label: string; done: string };
  children?: ReactNode;
}) {
  const { t } = useTranslation('submission');
  const { run, running, error, reload } = useStep(submission);
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState(false);
  const problems = error instanceof ApiError ? error.fieldProblems() : {};
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="decision-heading">
      <Title order={2} size="h3" id="decision-heading">{heading}</Title>
      <Text size="sm" mb="sm">{intro}</Text>
      {children}
      <Textarea
        label={t('comment.label')}
        description={t('comment.sendBackHint')}
        autosize
        minRows={3}
        value={comment}
        onChange={(e) => { setComment(e.currentTarget.value); if (e.currentTarget.value.trim()) setMissing(false); }}
        error={missing ? t('comment.required') : problems.comment}
        name="comment"
      />
      <Group mt="sm" gap="sm">
        <Button leftSection={<IconCircleCheck size={16} aria-hidden />} color="#1b6e2e" loading={running === pass.step} disabled={!!running} onClick={() => void run(pass.step, comment.trim() || undefined, pass.done)}>
          {pass.label}
        </Button>
        <Button
          leftSection={<IconArrowBackUp size={16} aria-hidden />}
          color="#a61e1e"
          variant="outline"
          loading={running === back.step}
          disabled={!!running}
          onClick={() => {
            if (!comment.trim()) return setMissing(true);
            void run(back.step, comment.trim(), back.done);
          }}
        >
          {back.label}
        </Button>
      </Group>
      {error != null && <div style={{ marginTop: 12 }}><ErrorAlert error={error} onReload={reload} /></div>}
    </Paper>
  );
}

/** The newest step that sent it back, while it is still the last word (no submit since). */
export function openSendBack(reviews: Review[]): Review | null {
  const last = reviews[reviews.length - 1];
  if (last && (last.action === 'return' || last.action === 'send_back')) return last;
  if (last && last.action === 'revise') {
    const before = reviews[reviews.length - 2];
    if (before?.action === 'return') return before;
  }
  return null;
}

export function ReviewerComment({ review }: { review: Review }) {
  const { t } = useTranslation('submission');
  const formatInstant = useFormatInstant();
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconMessageCircle aria-hidden />}
      title={review.action === 'return' ? t('returned.title') : t('returned.titleSupervisor')}
      styles={{ message: { color: '#3b0a0a' }, title: { fontSize: 'var(--mantine-font-size-md)' } }}
      data-testid="reviewer-comment"
    >
      <Text size="md" fw={600} style={{ whiteSpace: 'pre-wrap' }}>{review.comment}</Text>
      <Text size="xs" mt={4}>{t('returned.by', { who: review.actor.displayName, when: formatInstant(review.at) })}</Text>
    </Alert>
  );
}

export function ContentView({ content, indicators }: { content: SubmissionContent; indicators?: IndicatorOption[] }) {
  const { t } = useTranslation('submission');
  const none = <Text span c="dimmed">{t('content.none')}</Text>;
  const label = (code: string) => indicators?.find((i) => i.code === code)?.text;
  return (
    <dl className="definition-list">
      <dt>{t('fields.progressPercent')}</dt>
      <dd>{content.progressPercent != null ? `${content.progressPercent}%` : none}</dd>
      <dt>{t('fields.narrative')}</dt>
      <dd style={{ whiteSpace: 'pre-wrap' }}>{content.narrative || none}</dd>
      <dt>{t('fields.indicatorActuals')}</dt>
      <dd>
        {content.indicatorActuals.length === 0 ? none : (
          <ul className="plain-list">
            {content.indicatorActuals.map((a) => (
              <li key={a.indicator}>
                <Text span fw={600}>{label(a.indicator) ?? a.indicator}</Text>：{a.value}
                {a.note && <Text span size="sm">（{a.note}）</Text>}
              </li>
            ))}
          </ul>
        )}
      </dd>
      <dt>{t('fields.budgetExecuted')}</dt>
      <dd>
        {content.budgetExecuted != null ? <FormatAmount value={content.budgetExecuted} /> : none}
        {content.budgetYear && <Text span size="sm">{`（${t('form.budgetYearRoc', { roc: content.budgetYear.roc })}，${content.budgetYear.ad}）`}</Text>}
      </dd>
    </dl>
  );
}

const STEP_ICON: Record<string, ReactNode> = {
  created: <IconPencil size={14} aria-hidden />,
  submit: <IconSend size={14} aria-hidden />,
  approve: <IconCircleCheck size={14} aria-hidden />,
  send_back: <IconArrowBackUp size={14} aria-hidden />,
  accept: <IconCircleCheck size={14} aria-hidden />,
  return: <IconArrowBackUp size={14} aria-hidden />,
  revise: <IconPencil size={14} aria-hidden />,
};

/** Who did what and when, with comments; and the saved revisions, each comparable with the one before. */
export function History({ submission }: { submission: SubmissionDetail }) {
  const { t } = useTranslation('submission');
  const formatInstant = useFormatInstant();
  const first = submission.revisions[0];
  const steps = [
    ...(first ? [{ action: 'created', actor: first.createdBy, at: first.createdAt, comment: null as string | null, revision: 1 }] : []),
    ...submission.reviews,
  ];
  const revisions = submission.revisions;
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="history-heading">
      <Title order={2} size="h3" id="history-heading" mb="sm">{t('history.heading')}</Title>
      {steps.length === 0 ? <Text size="sm">{t('history.empty')}</Text> : (
        <Timeline active={steps.length - 1} bulletSize={24} lineWidth={2} color="dark">
          {steps.map((s, i) => (
            <Timeline.Item key={i} bullet={STEP_ICON[s.action]} title={<Text fw={600} size="sm">{t(`history.action.${s.action}`)} <Text span size="xs">{t('history.onRevision', { n: s.revision })}</Text></Text>}>
              <Text size="sm">{s.actor.displayName}・{formatInstant(s.at)}</Text>
              {s.comment && <Blockquote p="xs" mt={4} color="gray" style={{ whiteSpace: 'pre-wrap' }}><Text size="sm">{s.comment}</Text></Blockquote>}
            </Timeline.Item>
          ))}
        </Timeline>
      )}
      {revisions.length > 0 && (
        <>
          <Title order={3} size="h4" mt="lg" mb="xs">{t('history.revisions')}</Title>
          <ScrollTable minWidth={360} label={t('history.revisions')}>
            <Table withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('history.revisionCol')}</Table.Th>
                  <Table.Th scope="col">{t('history.savedBy')}</Table.Th>
                  <Table.Th scope="col">{t('history.compare')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {revisions.map((r) => (
                  <Table.Tr key={r.revision}>
                    <Table.Td>{t('revision', { n: r.revision })}</Table.Td>
                    <Table.Td><Text size="sm">{r.createdBy.displayName}</Text><Text size="xs" c="dimmed">{formatInstant(r.createdAt)}</Text></Table.Td>
                    <Table.Td>
                      {r.revision > 1 ? (
                        <AnchorLink to="/submissions/$id/diff" params={{ id: submission.id }} search={{ from: r.revision - 1, to: r.revision }} size="sm">
                          <Group gap={4} component="span" wrap="nowrap"><IconGitCompare size={14} aria-hidden />{t('history.compareLink', { from: r.revision - 1, to: r.revision })}</Group>
                        </AnchorLink>
                      ) : '—'}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        </>
      )}
    </Paper>
  );
}
