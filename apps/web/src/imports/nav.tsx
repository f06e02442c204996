import { IconTableImport } from '@tabler/icons-react';
import { useRouterState } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { NavEntry } from '../app/nav';
import { hasRole, useMe } from '../auth/session';

/** 匯入: the secretariat imports sub-projects, milestones, budgets and targets from spreadsheets. */
export function useImportsNav(): NavEntry[] {
  const { t } = useTranslation();
  const me = useMe();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  if (!hasRole(me, 'coordinator', 'admin')) return [];
  return [{ to: '/imports', label: t('nav.imports'), icon: IconTableImport, active: pathname.startsWith('/imports') }];
}
