import { Alert, Button, Group, Loader, Paper, SegmentedControl, Select, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconBellRinging, IconCheck, IconMailCheck, IconMailOff, IconSettings } from '@tabler/icons-react';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Schemas, unwrap } from '../api/client';
import { ToneBadge } from '../ui/badges';
import { ErrorAlert } from '../ui/error-alert';
import { useFormatInstant } from '../ui/format';
import { AnchorLink, ButtonLink } from '../ui/links';
import { INBOX_KEY, inboxQuery, preferencesQuery, unreadCountQuery } from './inbox.queries';
import { useQuery } from '@tanstack/react-query';
import './inbox.texts';

type Item = Schemas['InboxItemDto'];

function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/me/notifications/{id}/read', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: INBOX_KEY }),
  });
}

function EmailStatus({ item }: { item: Item }) {
  const { t } = useTranslation('inbox');
  const off = item.emailStatus === 'muted' || item.emailStatus === 'skipped' || item.emailStatus === 'failed';
  const Icon = off ? IconMailOff : IconMailCheck;
  return (
    <Text size="sm" c="dimmed" component="span" style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
      <Icon size={16} aria-hidden />
      {t(`email.${item.emailStatus}`)}
    </Text>
  );
}

function InboxItem({ item }: { item: Item }) {
  const { t } = useTranslation('inbox');
  const formatInstant = useFormatInstant();
  const markRead = useMarkRead();
  const unread = item.readAt === null;
  const titleId = `notification-${item.id}`;
  return (
    <Paper
      component="li"
      withBorder
      p="sm"
      radius="sm"
      aria-labelledby={titleId}
      style={{ listStyle: 'none', borderLeft: unread ? '4px solid #1c7ed6' : undefined, background: unread ? '#f8fbff' : undefined }}
    >
      <Stack gap={4}>
        <Group gap="xs" wrap="wrap">
          {unread ? <ToneBadge tone="info" icon={<IconBellRinging size={14} aria-hidden />}>{t('unread')}</ToneBadge> : <Text size="sm" c="dimmed">{t('read')}</Text>}
          {item.critical && item.group === 'escalations' && <ToneBadge tone="bad" icon={<IconAlertTriangle size={14} aria-hidden />}>{t('critical')}</ToneBadge>}
        </Group>
        <Text id={titleId} fw={unread ? 700 : 500} style={{ overflowWrap: 'anywhere' }}>
          {item.link ? (
            <AnchorLink to={item.link as '/'} onClick={() => unread && markRead.mutate(item.id)}>{item.title}</AnchorLink>
          ) : (
            item.title
          )}
        </Text>
        {item.summary && <Text size="sm" style={{ overflowWrap: 'anywhere' }}>{item.summary}</Text>}
        <Group gap="md" wrap="wrap">
          <Text size="sm" c="dimmed">{t('receivedAt', { time: formatInstant(item.createdAt) })}</Text>
          <EmailStatus item={item} />
          {unread && (
            <Button size="compact-sm" variant="subtle" leftSection={<IconCheck size={14} aria-hidden />} loading={markRead.isPending}
              onClick={() => markRead.mutate(item.id)} aria-describedby={titleId}>
              {t('markRead')}
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}

function InboxPage() {
  const { t } = useTranslation('inbox');
  const queryClient = useQueryClient();
  const [show, setShow] = useState<'all' | 'unread'>('all');
  const [kind, setKind] = useState<string | null>(null);
  const list = useInfiniteQuery(inboxQuery({ unread: show === 'unread', kind }));
  const kinds = useQuery(preferencesQuery);
  const [message, setMessage] = useState<string | null>(null);
  const markAll = useMutation({
    mutationFn: () => unwrap(api.POST('/api/me/notifications/read-all', { body: kind ? { kind } : {} })),
    onSuccess: (r) => {
      setMessage(t('markedAll', { count: r.marked }));
      return queryClient.invalidateQueries({ queryKey: INBOX_KEY });
    },
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const unread = list.data?.pages[0]?.unread ?? 0;
  // The list knows the unread count too: the navigation badge follows it at once.
  const fresh = list.data?.pages[0]?.unread;
  useEffect(() => {
    if (fresh !== undefined) queryClient.setQueryData(unreadCountQuery.queryKey, { unread: fresh });
  }, [fresh, queryClient]);

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={1}>{t('title')}</Title>
          <Text mt={4}>{t('intro')}</Text>
        </div>
        <ButtonLink to="/inbox/preferences" variant="light" leftSection={<IconSettings size={16} aria-hidden />}>{t('preferences')}</ButtonLink>
      </Group>
      <Group gap="md" align="flex-end" wrap="wrap">
        <Stack gap={4}>
          <Text size="sm" fw={500} id="inbox-show">{t('filterLabel')}</Text>
          <SegmentedControl aria-labelledby="inbox-show" value={show} onChange={(v) => setShow(v as 'all' | 'unread')}
            data={[{ value: 'all', label: t('filter.all') }, { value: 'unread', label: t('filter.unread') }]} />
        </Stack>
        <Select label={t('kindLabel')} placeholder={t('allKinds')} clearable value={kind} onChange={setKind} w={240}
          data={(kinds.data?.kinds ?? []).map((k) => ({ value: k.kind, label: k.label }))} />
        <Button variant="default" leftSection={<IconCheck size={16} aria-hidden />} onClick={() => markAll.mutate()} loading={markAll.isPending} disabled={unread === 0}>
          {t('markAllRead')}
        </Button>
      </Group>
      <Text aria-live="polite" fw={500}>{list.data ? t('unreadCount', { count: unread }) : ''}</Text>
      {message && <Alert variant="light" color="green" styles={{ message: { color: '#1b4d24' } }} withCloseButton onClose={() => setMessage(null)}>{message}</Alert>}
      {markAll.isError && <ErrorAlert error={markAll.error} />}
      {list.isPending ? (
        <Loader aria-label={t('loadMore')} />
      ) : list.isError ? (
        <>
          <Text>{t('loadFailed')}</Text>
          <ErrorAlert error={list.error} onReload={() => void list.refetch()} />
        </>
      ) : items.length === 0 ? (
        <Text>{show === 'unread' ? t('emptyUnread') : t('empty')}</Text>
      ) : (
        <Stack component="ul" gap="sm" p={0} m={0} aria-label={t('title')}>
          {items.map((item) => <InboxItem key={item.id} item={item} />)}
        </Stack>
      )}
      {list.hasNextPage && (
        <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} style={{ alignSelf: 'flex-start' }}>
          {t('loadMore')}
        </Button>
      )}
    </Stack>
  );
}

export const Route = createLazyRoute('/app/inbox')({ component: InboxPage });
