import { UserLocale } from '../../users/user.entity.js';
import { formatDate } from '../rendering.js';

/** The labels and item names every template shares, per locale. Names and codes come verbatim from the database. */
export const LABELS = {
  [UserLocale.ZhTw]: {
    subProject: '子計畫',
    milestone: '查核點',
    period: '填報期間',
    dueDate: '到期日',
    lead: '主辦機關',
    open: '在管考系統中查看',
  },
  [UserLocale.En]: {
    subProject: 'Sub-project',
    milestone: 'Milestone',
    period: 'Reporting period',
    dueDate: 'Due date',
    lead: 'Lead organisation',
    open: 'Open in Guankao',
  },
} as const satisfies Record<UserLocale, Record<string, string>>;

/** 「name」（code） or name (code): the name as the roadmap writes it, and the code the API finds it by. */
export function named(locale: UserLocale, name: string, code: string): string {
  return locale === UserLocale.ZhTw ? `${name}（${code}）` : `${name} (${code})`;
}

export function dueFact(locale: UserLocale, isoDate: string | null): { label: string; value: string }[] {
  return isoDate ? [{ label: LABELS[locale].dueDate, value: formatDate(isoDate, locale) }] : [];
}
