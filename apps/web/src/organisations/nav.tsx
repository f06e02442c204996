import { IconBuildingCommunity } from '@tabler/icons-react';
import { useRouterState } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { NavEntry } from '../app/nav';
import { hasRole, useMe } from '../auth/session';

/** 機關管理: the administrator's. */
export function useOrganisationsNav(): NavEntry[] {
  const { t } = useTranslation();
  const me = useMe();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  if (!hasRole(me, 'admin')) return [];
  return [{ to: '/organisations', label: t('nav.organisations'), icon: IconBuildingCommunity, active: pathname.startsWith('/organisations') }];
}
