import { Alert, Text } from '@mantine/core';
import {
  IconAlertCircle, IconArrowBackUp, IconCalendarEvent, IconCircleCheck, IconCircleX, IconClock, IconHandStop, IconListCheck, IconPlayerPause, IconProgress,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { ToneBadge } from '../ui/badges';
import { ErrorAlert } from '../ui/error-alert';
import type { ConditionStatus, GateDecision, GateReviewStatus } from './gates.queries';
import './gates.texts';

const ICON = { size: 16, stroke: 2, 'aria-hidden': true } as const;

/** A review's state in words and icon (never colour alone). */
export function GateStatusBadge({ status }: { status: GateReviewStatus }) {
  const { t } = useTranslation('gates');
  const [tone, icon]: ['info' | 'warn' | 'neutral', ReactNode] =
    status === 'scheduled' ? ['neutral', <IconCalendarEvent {...ICON} />] : status === 'scoring' ? ['warn', <IconProgress {...ICON} />] : ['info', <IconListCheck {...ICON} />];
  return <ToneBadge tone={tone} icon={icon}>{t(`status.${status}`)}</ToneBadge>;
}

export function DecisionBadge({ decision }: { decision: GateDecision | null }) {
  const { t } = useTranslation('gates');
  if (!decision) return <Text span size="sm">{t('list.noDecision')}</Text>;
  const [tone, icon]: ['good' | 'warn' | 'bad', ReactNode] =
    decision === 'go' ? ['good', <IconCircleCheck {...ICON} />]
    : decision === 'go_with_conditions' ? ['good', <IconListCheck {...ICON} />]
    : decision === 'hold' ? ['warn', <IconPlayerPause {...ICON} />]
    : decision === 'recycle' ? ['warn', <IconArrowBackUp {...ICON} />]
    : ['bad', <IconHandStop {...ICON} />];
  return <ToneBadge tone={tone} icon={icon}>{t(`decision.${decision}`)}</ToneBadge>;
}

export function ConditionStatusBadge({ status, overdue }: { status: ConditionStatus; overdue?: boolean }) {
  const { t } = useTranslation('gates');
  if (status === 'open' && overdue) return <ToneBadge tone="bad" icon={<IconAlertCircle {...ICON} />}>{`${t('conditionStatus.open')}・${t('conditions.overdue')}`}</ToneBadge>;
  const [tone, icon]: ['good' | 'neutral' | 'warn', ReactNode] =
    status === 'closed' ? ['good', <IconCircleCheck {...ICON} />] : status === 'waived' ? ['neutral', <IconCircleX {...ICON} />] : ['warn', <IconClock {...ICON} />];
  return <ToneBadge tone={tone} icon={icon}>{t(`conditionStatus.${status}`)}</ToneBadge>;
}

type Details = Record<string, unknown>;

/** The stage-gate refusals in words, from the details the API sends (who conflicts, which gate comes first, which conditions are open). */
function gateErrorText(error: ApiError, t: (key: string, options?: Record<string, unknown>) => string): string | null {
  const details = (error.body.details ?? {}) as Details;
  switch (error.code) {
    case 'CONFLICT_OF_INTEREST': {
      const reviewers = (details.reviewers as { displayName: string; organisation: string | null }[] | undefined) ?? [];
      const names = reviewers.map((r) => (r.organisation ? `${r.displayName}（${r.organisation}）` : r.displayName)).join('、');
      return t('errors.CONFLICT_OF_INTEREST', { names });
    }
    case 'GATE_ORDER': {
      const detail = details.previousGate ? t('errors.gateOrderPrevious', { gate: String(details.previousGate) })
        : details.passedBy ? t('errors.gateOrderPassed')
        : details.stoppedBy ? t('errors.gateOrderStopped') : error.message;
      return t('errors.GATE_ORDER', { detail });
    }
    case 'NOT_FLAGSHIP': return t('errors.NOT_FLAGSHIP');
    case 'MUST_MEET_FAILED': return t('errors.MUST_MEET_FAILED', { list: ((details.mustMeetFailures as string[] | undefined) ?? []).join('、') });
    case 'OPEN_CONDITIONS': {
      const open = (details.conditions as { gate: string; seq: number; text: string }[] | undefined) ?? [];
      return t('errors.OPEN_CONDITIONS', { list: open.map((c) => `${c.gate} #${c.seq}「${c.text}」`).join('、') });
    }
    case 'CONFLICT': return details.existingId ? t('errors.inProgress') : null;
    default: return null;
  }
}

/** ErrorAlert, with the stage-gate refusals explained in the user's language. */
export function GateErrorAlert({ error, onReload, gateNames }: { error: unknown; onReload?: () => void; gateNames?: Map<string, string> }) {
  const { t } = useTranslation('gates');
  const { t: common } = useTranslation();
  if (!(error instanceof ApiError)) return <ErrorAlert error={error} onReload={onReload} />;
  const patched = error.code === 'GATE_ORDER' && gateNames && typeof error.body.details?.previousGate === 'string'
    ? new ApiError(error.status, { ...error.body, details: { ...error.body.details, previousGate: gateNames.get(error.body.details.previousGate) ?? error.body.details.previousGate } })
    : error;
  const text = gateErrorText(patched, t);
  if (!text) return <ErrorAlert error={error} onReload={onReload} />;
  return (
    <Alert color="red" variant="light" role="alert" icon={<IconAlertCircle aria-hidden />} title={common('errors.title')} styles={{ message: { color: '#3b0a0a' } }}>
      <Text size="sm">{text}</Text>
      {error.body.requestId && <Text size="xs" mt={4} c="#495057">{common('errors.requestId', { id: error.body.requestId })}</Text>}
    </Alert>
  );
}
