import { IconAlertTriangle, IconCircleCheck, IconClock, IconLoader } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../i18n/i18n';
import { ToneBadge } from '../ui/badges';
import type { Report, ReportKind } from './reports.queries';

const ICON = { size: 16, stroke: 2, 'aria-hidden': true } as const;

/** A report's status in words and icon, never by colour alone. */
export function ReportStatusBadge({ status }: { status: Report['status'] }) {
  const { t } = useTranslation('reports');
  const [tone, icon] =
    status === 'ready' ? (['good', <IconCircleCheck {...ICON} />] as const)
    : status === 'failed' ? (['bad', <IconAlertTriangle {...ICON} />] as const)
    : status === 'running' ? (['info', <IconLoader {...ICON} />] as const)
    : (['neutral', <IconClock {...ICON} />] as const);
  return <ToneBadge tone={tone} icon={icon}>{t(`status.${status}`)}</ToneBadge>;
}

/** The kind's name in the user's language, from the API's catalogue (the code when the catalogue has not arrived). */
export function kindTitle(kinds: ReportKind[] | undefined, kind: string): string {
  const found = kinds?.find((k) => k.kind === kind);
  return found ? found.title[currentLanguage()] : kind;
}

/** A quarter as people say it: 民國 115 年第 3 季（2026-Q3）. */
export function useQuarterLabel(): (code: string) => string {
  const { i18n } = useTranslation();
  return (code) => {
    const m = /^(\d{4})-Q([1-4])$/.exec(code);
    if (!m) return code;
    const roc = Number(m[1]) - 1911;
    return i18n.language === 'en' ? `ROC ${roc} Q${m[2]} (${code})` : `民國 ${roc} 年第 ${m[2]} 季（${code}）`;
  };
}

/** The current quarter in Taipei and the eleven before it, newest first. */
export function recentQuarters(count = 12): string[] {
  const taipei = new Date(Date.now() + 8 * 3600_000);
  let year = taipei.getUTCFullYear();
  let quarter = Math.floor(taipei.getUTCMonth() / 3) + 1;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    out.push(`${year}-Q${quarter}`);
    quarter -= 1;
    if (quarter === 0) { quarter = 4; year -= 1; }
  }
  return out;
}

/** What a report is about, from its parameters: programme, meeting, organisation, quarter. */
export function useAboutText(): (parameters: Record<string, unknown>) => string {
  const quarter = useQuarterLabel();
  return (p) =>
    [p.programme, p.meeting, p.subProject, p.organisation, typeof p.period === 'string' ? quarter(p.period) : undefined]
      .filter((v): v is string => typeof v === 'string' && v.length > 0)
      .join(' · ') || '—';
}
