import { IconTrafficLights } from '@tabler/icons-react';
import { useRouterState } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { NavEntry } from '../app/nav';
import { useMe } from '../auth/session';

/** 燈號總覽: every signed-in role may read it (the API narrows a ministry to its own figures). */
export function useDashboardNav(): NavEntry[] {
  const { t } = useTranslation();
  const me = useMe();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  if (!me) return [];
  return [{ to: '/dashboard', label: t('nav.dashboard'), icon: IconTrafficLights, active: pathname.startsWith('/dashboard') }];
}
