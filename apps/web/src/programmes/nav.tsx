import { IconSitemap } from '@tabler/icons-react';
import { useRouterState } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { NavEntry } from '../app/nav';
import { useMe } from '../auth/session';

/** 計畫: the programmes and their trees, for every signed-in role (a ministry sees its own sub-projects in them). */
export function useProgrammesNav(): NavEntry[] {
  const { t } = useTranslation();
  const me = useMe();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  if (!me) return [];
  return [{ to: '/programmes', label: t('nav.programmes'), icon: IconSitemap, active: pathname === '/programmes' || pathname.startsWith('/programmes/') }];
}
