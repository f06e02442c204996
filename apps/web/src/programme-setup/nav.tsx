import { IconSitemap } from '@tabler/icons-react';
import { useRouterState } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { NavEntry } from '../app/nav';
import { hasRole, useMe } from '../auth/session';

/** 計畫設定: the secretariat's. */
export function useProgrammeSetupNav(): NavEntry[] {
  const { t } = useTranslation();
  const me = useMe();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  if (!hasRole(me, 'coordinator', 'admin')) return [];
  return [{ to: '/programme-setup', label: t('nav.programmeSetup'), icon: IconSitemap, active: pathname.startsWith('/programme-setup') }];
}
