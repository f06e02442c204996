import { IconUsers } from '@tabler/icons-react';
import { useRouterState } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { NavEntry } from '../app/nav';
import { hasRole, useMe } from '../auth/session';

/** 使用者管理: admins and ministry account administrators (部會署窗口). */
export function useUsersNav(): NavEntry[] {
  const { t } = useTranslation();
  const me = useMe();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  if (!hasRole(me, 'admin', 'ministry_admin')) return [];
  return [{ to: '/users', label: t('nav.users'), icon: IconUsers, active: pathname.startsWith('/users') }];
}
