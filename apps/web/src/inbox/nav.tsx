import { IconBell } from '@tabler/icons-react';
import { useRouterState } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { NavEntry } from '../app/nav';
import { useMe } from '../auth/session';
import { useUnreadCount } from './inbox.queries';

/** 通知: every signed-in user, with the unread count (polled, and refreshed on focus). */
export function useInboxNav(): NavEntry[] {
  const { t } = useTranslation();
  const me = useMe();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const unread = useUnreadCount(Boolean(me));
  if (!me) return [];
  return [{ to: '/inbox', label: t('nav.inbox'), icon: IconBell, count: unread, countLabel: t('nav.inboxUnread'), active: pathname.startsWith('/inbox') }];
}
