import { useTranslation } from 'react-i18next';

/** A date as the API gives it: AD ISO and ROC (民國) text. */
export interface ApiDate {
  ad: string;
  roc: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** ROC text of an ISO date: 2026-12-31 → 115/12/31. */
function rocOf(isoDate: string): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number);
  return `${y - 1911}/${pad(m)}/${pad(d)}`;
}

/** 民國 115/12/31（2026-12-31） or 2026-12-31 (ROC 115/12/31). */
export function useFormatDate(): (date: ApiDate | string | null | undefined) => string {
  const { t } = useTranslation();
  return (date) => {
    if (!date) return t('date.unknown');
    const value = typeof date === 'string' ? { ad: date.slice(0, 10), roc: rocOf(date) } : date;
    return t('date.roc', { ad: value.ad, roc: value.roc });
  };
}

/** A timestamp in Asia/Taipei, with the ROC date. */
export function useFormatInstant(): (iso: string | null | undefined) => string {
  const formatDate = useFormatDate();
  return (iso) => {
    if (!iso) return formatDate(null);
    const local = new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString();
    return `${formatDate(local.slice(0, 10))} ${local.slice(11, 16)}`;
  };
}

/** Amounts arrive as exact decimal strings in 億元 and are shown as they are, never through a float. */
export function FormatAmount({ value }: { value: string | null | undefined }) {
  const { t } = useTranslation();
  return <>{value == null ? t('date.unknown') : t('amount', { value })}</>;
}

export function DateText({ date }: { date: ApiDate | string | null | undefined }) {
  const format = useFormatDate();
  const iso = !date ? undefined : typeof date === 'string' ? date.slice(0, 10) : date.ad;
  return <time dateTime={iso}>{format(date)}</time>;
}
