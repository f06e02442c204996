import { IconGavel } from '@tabler/icons-react';
import { useRouterState } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { NavEntry } from '../app/nav';
import { useMe } from '../auth/session';

/** 會議決議 for everyone signed in: the secretariat runs them, ministries report on theirs, the others read (the API scopes). */
export function useMeetingsNav(): NavEntry[] {
  const { t } = useTranslation();
  const me = useMe();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  if (!me) return [];
  return [{ to: '/meetings', label: t('nav.meetings'), icon: IconGavel, active: pathname.startsWith('/meetings') || pathname.startsWith('/resolutions') }];
}
