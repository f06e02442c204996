import { Anchor, Blockquote, Button, Group, Paper, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconAlertTriangle, IconClock, IconHourglass } from '@tabler/icons-react';
import { AnchorLink } from '../ui/links';
import { Children, type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../api/client';
import { SubmissionStatusBadge, ToneBadge } from '../ui/badges';
import { DueDateChangeStatusBadge } from '../due-date-changes/due-date-change-badge';
import { DateText, useFormatDate, useFormatInstant } from '../ui/format';

type SubmissionItem = Schemas['SubmissionWorkItemDto'];
const ICON = { size: 16, stroke: 2, 'aria-hidden': true } as const;

/** Items a group shows before "show all": a long list of assignments should not push the rest of the page away. */
const PREVIEW = 5;

/** One group of 我的待辦: a heading with its count, the items (or the empty state in words), and "showing n of total". */
export function WorkGroup({ label, total, shown, empty, hint, children }: { label: string; total: number; shown: number; empty: string; hint?: string; children: ReactNode }) {
  const { t } = useTranslation('myWork');
  const id = useId();
  const [expanded, setExpanded] = useState(false);
  const items = Children.toArray(children);
  const visible = expanded ? items : items.slice(0, PREVIEW);
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby={id}>
      <Group gap="xs" wrap="nowrap" align="baseline">
        <Title order={3} size="h4" id={id}>
          {label}
          <Text span fw={700} ml={8} px={8} py={1} style={{ borderRadius: 12, background: '#343a40', color: '#fff', fontSize: '0.85em' }}>
            {total}
            <VisuallyHidden>{t('common:nav.itemsWaiting')}</VisuallyHidden>
          </Text>
        </Title>
      </Group>
      {hint && <Text size="sm" c="dimmed" mt={2}>{hint}</Text>}
      {shown === 0 ? (
        <Text mt="sm">{empty}</Text>
      ) : (
        <Stack component="ul" gap={0} mt="xs" style={{ listStyle: 'none', padding: 0, margin: 0 }}>{visible}</Stack>
      )}
      {items.length > PREVIEW && (
        <Button variant="subtle" size="compact-sm" mt="xs" onClick={() => setExpanded((e) => !e)} aria-expanded={expanded}>
          {expanded ? t('showFewer') : t('showAll', { count: shown })}
        </Button>
      )}
      {expanded && total > shown && <Text size="sm" mt="xs">{t('shownOfTotal', { shown, total })}</Text>}
    </Paper>
  );
}

function Item({ children }: { children: ReactNode }) {
  return <li style={{ padding: '10px 0', borderTop: '1px solid var(--mantine-color-gray-3)', overflowWrap: 'anywhere' }}>{children}</li>;
}

function Meta({ children }: { children: ReactNode }) {
  return <Group gap="xs" mt={4} wrap="wrap">{children}</Group>;
}

/** Days until a due date: overdue in words and icon, not colour alone. */
export function DaysLeftBadge({ daysLeft }: { daysLeft: number }) {
  const { t } = useTranslation();
  if (daysLeft < 0) return <ToneBadge tone="bad" icon={<IconAlertTriangle {...ICON} />}>{t('daysOverdue', { count: -daysLeft })}</ToneBadge>;
  if (daysLeft === 0) return <ToneBadge tone="warn" icon={<IconClock {...ICON} />}>{t('dueToday')}</ToneBadge>;
  return <ToneBadge tone={daysLeft <= 3 ? 'warn' : 'info'} icon={<IconClock {...ICON} />}>{t('daysLeft', { count: daysLeft })}</ToneBadge>;
}

function submissionTitle(s: SubmissionItem, t: (key: string, o?: Record<string, unknown>) => string): string {
  return s.milestone ? s.milestone.deliverable : t('item.periodSubmission', { period: s.period });
}

export function AssignmentItem({ item }: { item: Schemas['AssignmentWorkItemDto'] }) {
  const { t } = useTranslation('myWork');
  const formatInstant = useFormatInstant();
  return (
    <Item>
      <AnchorLink to="/sub-projects/$code" params={{ code: item.code }} fw={600}>{item.code} {item.name}</AnchorLink>
      <Meta>
        <Text size="sm">{item.programme.name}</Text>
        {item.assignedAt && <Text size="sm">{t('item.assignedOn', { date: formatInstant(item.assignedAt) })}</Text>}
      </Meta>
    </Item>
  );
}

export function SubmissionItemView({ item, extra }: { item: SubmissionItem; extra?: ReactNode }) {
  const { t } = useTranslation('myWork');
  const formatInstant = useFormatInstant();
  return (
    <Item>
      <AnchorLink to="/submissions/$id" params={{ id: item.id }} fw={600}>{submissionTitle(item, t)}</AnchorLink>
      <Text size="sm">{item.subProject.code} {item.subProject.name}</Text>
      <Meta>
        <SubmissionStatusBadge status={item.status} />
        {item.milestone && <Text size="sm">{t('item.due')} <DateText date={item.milestone.dueDate} /></Text>}
        <Text size="sm">{t('item.updatedOn', { date: formatInstant(item.updatedAt) })}</Text>
      </Meta>
      {extra}
    </Item>
  );
}

export function ReturnedItem({ item }: { item: Schemas['ReturnedWorkItemDto'] }) {
  const { t } = useTranslation('myWork');
  const formatInstant = useFormatInstant();
  const comment = item.returnComment;
  return (
    <SubmissionItemView
      item={item}
      extra={comment && (
        <Blockquote mt="xs" p="sm" color="red" iconSize={0} styles={{ root: { background: '#fff5f5' } }}>
          <Text size="sm" fw={600}>{t('item.returnComment')}</Text>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{comment.comment}</Text>
          <Text size="xs" mt={4}>{t('item.commentBy', { name: comment.by?.displayName ?? '—', date: formatInstant(comment.at) })}</Text>
        </Blockquote>
      )}
    />
  );
}

export function ReviewItem({ item }: { item: Schemas['ReviewWorkItemDto'] }) {
  const { t } = useTranslation('myWork');
  const { t: tc } = useTranslation();
  const formatInstant = useFormatInstant();
  return (
    <Item>
      <AnchorLink to="/submissions/$id" params={{ id: item.id }} fw={600}>{submissionTitle(item, t)}</AnchorLink>
      <Text size="sm">{item.subProject.code} {item.subProject.name}</Text>
      <Meta>
        <ToneBadge tone={item.daysWaiting > 7 ? 'warn' : 'neutral'} icon={<IconHourglass {...ICON} />}>{tc('daysWaiting', { count: item.daysWaiting })}</ToneBadge>
        {item.subProject.lead && <Text size="sm">{t('item.lead', { name: item.subProject.lead.name })}</Text>}
        {item.submittedAt && <Text size="sm">{t('item.submittedOn', { date: formatInstant(item.submittedAt) })}</Text>}
      </Meta>
    </Item>
  );
}

export function MilestoneItem({ item }: { item: Schemas['MilestoneWorkItemDto'] }) {
  const { t } = useTranslation('myWork');
  return (
    <Item>
      <AnchorLink to="/milestones/$code" params={{ code: item.code }} fw={600}>{item.deliverable}</AnchorLink>
      <Text size="sm">{item.subProject.code} {item.subProject.name}</Text>
      <Meta>
        <DaysLeftBadge daysLeft={item.daysLeft} />
        <Text size="sm">{t('item.due')} <DateText date={item.dueDate} /></Text>
        {item.submission ? (
          <Group gap={4}>
            <Text size="sm">{t('item.submissionStarted')}</Text>
            <SubmissionStatusBadge status={item.submission.status} />
          </Group>
        ) : (
          <Text size="sm">{t('item.notStarted')}</Text>
        )}
        {item.pendingChangeRequestId && <Text size="sm">{t('item.changePending')}</Text>}
      </Meta>
    </Item>
  );
}

export function DueDateChangeItem({ item, showDecision }: { item: Schemas['DueDateChangeWorkItemDto']; showDecision: boolean }) {
  const { t } = useTranslation('myWork');
  const formatDate = useFormatDate();
  const formatInstant = useFormatInstant();
  return (
    <Item>
      <AnchorLink to="/due-date-changes/$id" params={{ id: item.id }} fw={600}>{item.milestone.deliverable}</AnchorLink>
      <Text size="sm">{item.subProject.code} {item.subProject.name}</Text>
      <Meta>
        <DueDateChangeStatusBadge status={item.status} />
        <Text size="sm">{t('item.change', { from: formatDate(item.previousDueDate), to: formatDate(item.proposedDueDate) })}</Text>
      </Meta>
      <Text size="sm" mt={4}>{t('item.reason', { reason: item.reason })}</Text>
      <Text size="sm">{t('item.requestedBy', { name: item.requestedBy?.displayName ?? '—', date: formatInstant(item.requestedAt) })}</Text>
      {showDecision && item.decidedAt && (
        <>
          <Text size="sm">{t('item.decidedBy', { name: item.decidedBy?.displayName ?? '—', date: formatInstant(item.decidedAt) })}</Text>
          {item.decisionReason && <Text size="sm" fw={600}>{t('item.decisionReason', { reason: item.decisionReason })}</Text>}
        </>
      )}
    </Item>
  );
}

export function ReleaseRequestItem({ item }: { item: Schemas['ReleaseRequestWorkItemDto'] }) {
  const { t } = useTranslation('myWork');
  const formatInstant = useFormatInstant();
  return (
    <Item>
      {/* The resolution screen comes with part 2: a plain link, so the server answers for it. */}
      <Anchor href={`/resolutions/${encodeURIComponent(item.code)}`} fw={600}>{item.code}</Anchor>
      <Text size="sm" lineClamp={2}>{item.text}</Text>
      <Meta>
        <Text size="sm" fw={600}>{item.organisation.name}</Text>
        {item.requestedAt && <Text size="sm">{t('item.requestedOn', { date: formatInstant(item.requestedAt) })}</Text>}
      </Meta>
      {item.latestFollowUp && <Text size="sm" lineClamp={3}>{t('item.latestFollowUp', { text: item.latestFollowUp })}</Text>}
    </Item>
  );
}
