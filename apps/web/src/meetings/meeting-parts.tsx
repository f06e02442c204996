import { IconArrowForwardUp, IconCircleCheck, IconClock, IconHourglass } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ToneBadge } from '../ui/badges';
import type { TrackingStatus } from './meetings.queries';
import './meetings.texts';

const ICON = { size: 16, stroke: 2, 'aria-hidden': true } as const;

/** An organisation's tracking state in words and icon (never colour alone). */
export function TrackingBadge({ status }: { status: string }) {
  const { t } = useTranslation('meetings');
  const s = status as TrackingStatus;
  if (s === 'released') return <ToneBadge tone="good" icon={<IconCircleCheck {...ICON} />}>{t('trackingStatus.released')}</ToneBadge>;
  if (s === 'release_requested') return <ToneBadge tone="info" icon={<IconHourglass {...ICON} />}>{t('trackingStatus.release_requested')}</ToneBadge>;
  return <ToneBadge tone="warn" icon={<IconClock {...ICON} />}>{t('trackingStatus.tracking', { defaultValue: status })}</ToneBadge>;
}

/** 續列: an item carried over from an earlier meeting, said in words. */
export function CarriedOverBadge() {
  const { t } = useTranslation('meetings');
  return <ToneBadge tone="neutral" icon={<IconArrowForwardUp {...ICON} />}>{t('meeting.carriedOver')}</ToneBadge>;
}
