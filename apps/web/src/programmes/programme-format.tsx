import { useTranslation } from 'react-i18next';
import type { Schemas } from '../api/client';

type Period = Schemas['PeriodDto'];

/** 民國 107–110 年（2018–2021）. */
export function useProgrammePeriod(): (period: Period) => string {
  const { t } = useTranslation('programmes');
  return (p) => {
    if (p.start && p.end) return t('periodRoc', { start: p.start.roc, end: p.end.roc, startAd: p.start.ad, endAd: p.end.ad });
    if (p.start) return t('periodFrom', { start: p.start.roc, startAd: p.start.ad });
    return p.text ?? t('none');
  };
}
