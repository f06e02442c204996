import { useTranslation } from 'react-i18next';
import type { Schemas } from '../api/client';

type Period = Schemas['PeriodDto'];

/** A sub-project's period in ROC years (and AD in English): 民國 112–115 年. */
export function usePeriodText(): (period: Period) => string {
  const { t } = useTranslation('subProjects');
  return (period) => {
    if (!period.start) return period.text ? t('period.asPrinted', { text: period.text }) : t('period.unknown');
    if (!period.end) return t('period.rocOne', { start: period.start.roc, startAd: period.start.ad });
    return t('period.roc', { start: period.start.roc, end: period.end.roc, startAd: period.start.ad, endAd: period.end.ad });
  };
}

export function PeriodText({ period }: { period: Period }) {
  return <>{usePeriodText()(period)}</>;
}

/** The lead as resolved to an organisation, else as printed, else "not set". */
export function LeadText({ item }: { item: { lead: Schemas['OrganisationRefDto'] | null; leadText: string | null } }) {
  const { t } = useTranslation('subProjects');
  return <>{item.lead?.name ?? item.leadText ?? t('list.noLead')}</>;
}
