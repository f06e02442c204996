import { Badge } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconCircleDashed, IconCircleX, IconClock, IconPencil, IconSend, IconArrowBackUp, IconPlayerPause, IconLock } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

type Tone = 'good' | 'warn' | 'bad' | 'neutral' | 'info';

// Dark text on a light tint, plus an icon and words: the meaning never rests on colour alone (WCAG 1.4.1, 1.4.3).
const TONES: Record<Tone, { bg: string; fg: string; border: string }> = {
  good: { bg: '#d3f9d8', fg: '#1b4d24', border: '#2b8a3e' },
  warn: { bg: '#fff3bf', fg: '#5c3d00', border: '#e67700' },
  bad: { bg: '#ffe3e3', fg: '#8a1212', border: '#c92a2a' },
  neutral: { bg: '#f8f9fa', fg: '#343a40', border: '#868e96' },
  info: { bg: '#e7f5ff', fg: '#0b3d6b', border: '#1c7ed6' },
};

export function ToneBadge({ tone, icon, children }: { tone: Tone; icon: ReactNode; children: ReactNode }) {
  const c = TONES[tone];
  return (
    <Badge
      leftSection={icon}
      radius="sm"
      size="lg"
      variant="outline"
      styles={{ root: { background: c.bg, color: c.fg, borderColor: c.border, textTransform: 'none', fontWeight: 600 } }}
    >
      {children}
    </Badge>
  );
}

const ICON = { size: 16, stroke: 2, 'aria-hidden': true } as const;

export type LightColour = 'green' | 'yellow' | 'red' | 'white';

export function LightBadge({ light, overridden }: { light: LightColour | string | null | undefined; overridden?: boolean }) {
  const { t } = useTranslation();
  if (!light) return <ToneBadge tone="neutral" icon={<IconCircleDashed {...ICON} />}>{t('light.none')}</ToneBadge>;
  const tone: Tone = light === 'green' ? 'good' : light === 'yellow' ? 'warn' : light === 'red' ? 'bad' : 'neutral';
  const icon = light === 'green' ? <IconCircleCheck {...ICON} /> : light === 'yellow' ? <IconAlertTriangle {...ICON} /> : light === 'red' ? <IconCircleX {...ICON} /> : <IconCircleDashed {...ICON} />;
  return (
    <ToneBadge tone={tone} icon={icon}>
      {t(`light.${light}`)}
      {overridden ? ` ${t('light.overridden')}` : ''}
    </ToneBadge>
  );
}

export function SubmissionStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  const [tone, icon]: [Tone, ReactNode] =
    status === 'accepted' ? ['good', <IconCircleCheck {...ICON} />]
    : status === 'returned' ? ['bad', <IconArrowBackUp {...ICON} />]
    : status === 'submitted' ? ['info', <IconSend {...ICON} />]
    : status === 'awaiting_supervisor' ? ['warn', <IconClock {...ICON} />]
    : ['neutral', <IconPencil {...ICON} />];
  return <ToneBadge tone={tone} icon={icon}>{t(`submissionStatus.${status}`, { defaultValue: status })}</ToneBadge>;
}

export function SubProjectStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  const [tone, icon]: [Tone, ReactNode] =
    status === 'active' ? ['good', <IconCircleCheck {...ICON} />]
    : status === 'suspended' ? ['warn', <IconPlayerPause {...ICON} />]
    : status === 'closed' ? ['neutral', <IconLock {...ICON} />]
    : status === 'draft' ? ['neutral', <IconPencil {...ICON} />]
    : ['info', <IconClock {...ICON} />];
  return <ToneBadge tone={tone} icon={icon}>{t(`subProjectStatus.${status}`, { defaultValue: status })}</ToneBadge>;
}

/** A milestone: accepted, submitted, or pending — overdue shown in words and icon, not just red. */
export function MilestoneStatusBadge({ status, overdue }: { status: string; overdue?: boolean }) {
  const { t } = useTranslation();
  if (overdue) return <ToneBadge tone="bad" icon={<IconAlertTriangle {...ICON} />}>{t('milestoneStatus.overdue')}</ToneBadge>;
  const [tone, icon]: [Tone, ReactNode] =
    status === 'accepted' ? ['good', <IconCircleCheck {...ICON} />] : status === 'submitted' ? ['info', <IconSend {...ICON} />] : ['neutral', <IconClock {...ICON} />];
  return <ToneBadge tone={tone} icon={icon}>{t(`milestoneStatus.${status}`, { defaultValue: status })}</ToneBadge>;
}
