import { IconFileReport } from '@tabler/icons-react';
import { useRouterState } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { NavEntry } from '../app/nav';
import { useMe } from '../auth/session';

/** 報表: everyone signed in may request the reports their role allows (the form lists only those). */
export function useReportsNav(): NavEntry[] {
  const { t } = useTranslation();
  const me = useMe();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  if (!me) return [];
  return [{ to: '/reports', label: t('nav.reports'), icon: IconFileReport, active: pathname.startsWith('/reports') }];
}
