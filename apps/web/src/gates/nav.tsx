import { IconStairsUp } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useRouterState } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { NavEntry } from '../app/nav';
import { hasRole, isSecretariat, useMe } from '../auth/session';
import { gateReviewsQuery } from './gates.queries';

/**
 * 關卡審查 for everyone signed in: the secretariat runs the reviews, reviewers score theirs, leadership
 * reads them, and ministries read their sub-projects' decisions and close the conditions they own
 * (the API scopes each list). A reviewer's count: their reviews still waiting for their scorecard.
 */
export function useGatesNav(): NavEntry[] {
  const { t } = useTranslation();
  const me = useMe();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const reviewer = hasRole(me, 'reviewer') && !isSecretariat(me);
  const reviews = useQuery({ ...gateReviewsQuery({}), enabled: reviewer, staleTime: 60_000 });
  if (!me) return [];
  const waiting = reviewer
    ? (reviews.data?.items ?? []).filter((r) => r.status !== 'decided' && r.reviewers?.some((x) => x.id === me.userId && !x.scoresSubmittedAt)).length
    : null;
  return [{ to: '/gates', label: t('nav.gates'), icon: IconStairsUp, active: pathname.startsWith('/gates'), count: waiting, countLabel: t('nav.gatesWaiting') }];
}
