import { GLOSSARY } from '../../common/glossary.js';
import { UserLocale } from '../../users/user.entity.js';
import { formatDate } from '../rendering.js';

/** The labels and item names every template shares, per locale. Names and codes come verbatim from the database. */
export const LABELS = {
  [UserLocale.ZhTw]: {
    subProject: GLOSSARY['zh-TW'].subProject,
    milestone: GLOSSARY['zh-TW'].milestone,
    period: GLOSSARY['zh-TW'].period,
    dueDate: GLOSSARY['zh-TW'].dueDate,
    lead: GLOSSARY['zh-TW'].lead,
    open: '在管考系統中查看',
  },
  [UserLocale.En]: {
    subProject: GLOSSARY.en.subProject,
    milestone: GLOSSARY.en.milestone,
    period: GLOSSARY.en.period,
    dueDate: GLOSSARY.en.dueDate,
    lead: GLOSSARY.en.lead,
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
