import { IconCircleCheck, IconCircleX, IconClock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ToneBadge } from '../ui/badges';

const ICON = { size: 16, stroke: 2, 'aria-hidden': true } as const;

/** 待決定 / 已核准 / 已駁回, by icon and words as well as colour. */
export function DueDateChangeStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  const label = t(`dueDateChangeStatus.${status}`, { defaultValue: status });
  if (status === 'approved') return <ToneBadge tone="good" icon={<IconCircleCheck {...ICON} />}>{label}</ToneBadge>;
  if (status === 'rejected') return <ToneBadge tone="bad" icon={<IconCircleX {...ICON} />}>{label}</ToneBadge>;
  return <ToneBadge tone="warn" icon={<IconClock {...ICON} />}>{label}</ToneBadge>;
}
