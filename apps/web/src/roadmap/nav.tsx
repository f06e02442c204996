import { IconTimeline } from '@tabler/icons-react';
import { useRouterState } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { NavEntry } from '../app/nav';
import { useMe } from '../auth/session';

/** 推動路程, for every signed-in role (a ministry sees its own sub-projects). */
export function useRoadmapNav(): NavEntry[] {
  const { t } = useTranslation();
  const me = useMe();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  if (!me) return [];
  return [{ to: '/roadmap', label: t('nav.roadmap'), icon: IconTimeline, active: pathname.startsWith('/roadmap') }];
}
