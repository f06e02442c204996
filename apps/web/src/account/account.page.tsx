import { Anchor, Badge, Button, Group, Loader, Paper, PasswordInput, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute } from '@tanstack/react-router';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import { meQuery } from '../auth/session';
import { type Language, setLanguage } from '../i18n/i18n';
import { ErrorAlert } from '../ui/error-alert';
import { useFormatDate, useFormatInstant } from '../ui/format';
import { ScrollTable } from '../ui/scroll-table';
import { candidatesQuery, type Delegation, myDelegationsQuery, profileQuery, sessionsQuery } from './account.queries';
import './account.texts';

function ProfileSection() {
  const { t } = useTranslation('account');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const profile = useQuery(profileQuery);
  const [displayName, setDisplayName] = useState('');
  const [locale, setLocale] = useState<Language>('zh-TW');
  useEffect(() => {
    if (profile.data) {
      setDisplayName(profile.data.displayName);
      setLocale(profile.data.locale === 'en' ? 'en' : 'zh-TW');
    }
  }, [profile.data]);
  const save = useMutation({
    mutationFn: () => unwrap(api.PATCH('/api/me/profile', { body: { displayName, locale } })),
    onSuccess: async (saved) => {
      queryClient.setQueryData(profileQuery.queryKey, saved);
      await queryClient.invalidateQueries({ queryKey: meQuery.queryKey });
      if (saved.locale === 'en' || saved.locale === 'zh-TW') await setLanguage(saved.locale);
    },
  });
  if (!profile.data) return profile.error ? <ErrorAlert error={profile.error} /> : <Loader size="sm" aria-label={tc('states.loading')} />;
  const submit = (e: FormEvent) => { e.preventDefault(); save.mutate(); };
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="profile-heading">
      <Title order={2} size="h3" id="profile-heading" mb="sm">{t('profile.heading')}</Title>
      <Text size="sm">{t('profile.email')}：{profile.data.email}</Text>
      <Text size="sm">{t('profile.organisation')}：{profile.data.organisationName ?? '—'}</Text>
      <Text size="sm" mb="sm">{t('profile.roles')}：{profile.data.roles.map((r) => tc(`roles.${r}`)).join('、')}</Text>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm" maw={420}>
          <TextInput label={t('profile.displayName')} value={displayName} onChange={(e) => setDisplayName(e.currentTarget.value)} required maxLength={100}
            error={save.error instanceof Error && 'fieldProblems' in save.error ? (save.error as { fieldProblems(): Record<string, string> }).fieldProblems().displayName : undefined} />
          <Select label={t('profile.locale')} value={locale} onChange={(v) => v && setLocale(v as Language)} allowDeselect={false}
            data={[{ value: 'zh-TW', label: '中文（台灣）' }, { value: 'en', label: 'English' }]} />
          <Group><Button type="submit" loading={save.isPending}>{tc('actions.save')}</Button></Group>
          {save.isSuccess && <Text size="sm" role="status">{t('profile.saved')}</Text>}
          <ErrorAlert error={save.error} />
        </Stack>
      </form>
    </Paper>
  );
}

function PasswordSection() {
  const { t } = useTranslation('account');
  const queryClient = useQueryClient();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const change = useMutation({
    mutationFn: () => unwrap(api.POST('/api/me/password', { body: { currentPassword: current, newPassword: next } })),
    onSuccess: () => {
      setCurrent(''); setNext(''); setConfirm('');
      void queryClient.invalidateQueries({ queryKey: sessionsQuery.queryKey });
    },
  });
  const toggle = { 'aria-label': t('password.show') };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setMismatch(next !== confirm);
    if (next === confirm) change.mutate();
  };
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="password-heading">
      <Title order={2} size="h3" id="password-heading" mb="sm">{t('password.heading')}</Title>
      <Text size="sm" mb="sm" id="password-hint">{t('password.hint')}</Text>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm" maw={420}>
          <PasswordInput visibilityToggleButtonProps={toggle} label={t('password.current')} value={current} onChange={(e) => setCurrent(e.currentTarget.value)} autoComplete="current-password" required />
          <PasswordInput visibilityToggleButtonProps={toggle} label={t('password.next')} value={next} onChange={(e) => setNext(e.currentTarget.value)} autoComplete="new-password" required aria-describedby="password-hint" />
          <PasswordInput visibilityToggleButtonProps={toggle} label={t('password.confirm')} value={confirm} onChange={(e) => setConfirm(e.currentTarget.value)} autoComplete="new-password" required
            error={mismatch ? t('password.mismatch') : undefined} />
          <Group><Button type="submit" loading={change.isPending}>{t('password.submit')}</Button></Group>
          {change.isSuccess && <Text size="sm" role="status">{t('password.done', { count: change.data.endedSessions })}</Text>}
          <ErrorAlert error={change.error} />
        </Stack>
      </form>
    </Paper>
  );
}

function deviceOf(userAgent: string | null, fallback: string): string {
  if (!userAgent) return fallback;
  const browser = /(Edg|Firefox|Chrome|Safari)\/[\d.]+/.exec(userAgent)?.[0] ?? userAgent.slice(0, 60);
  const os = /\(([^;)]+)/.exec(userAgent)?.[1];
  return os ? `${browser}（${os}）` : browser;
}

function SessionsSection() {
  const { t } = useTranslation('account');
  const formatInstant = useFormatInstant();
  const queryClient = useQueryClient();
  const sessions = useQuery(sessionsQuery);
  const refresh = () => queryClient.invalidateQueries({ queryKey: sessionsQuery.queryKey });
  const end = useMutation({ mutationFn: (id: string) => unwrap(api.DELETE('/api/me/sessions/{id}', { params: { path: { id } } })), onSettled: refresh });
  const endOthers = useMutation({ mutationFn: () => unwrap(api.POST('/api/me/sessions/end-others')), onSettled: refresh });
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="sessions-heading">
      <Title order={2} size="h3" id="sessions-heading" mb="sm">{t('sessions.heading')}</Title>
      {sessions.error && <ErrorAlert error={sessions.error} />}
      {sessions.data && (
        <ScrollTable minWidth={560} label={t('sessions.tableLabel')}>
          <Table withTableBorder>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('sessions.device')}</Table.Th>
                <Table.Th scope="col">{t('sessions.created')}</Table.Th>
                <Table.Th scope="col">{t('sessions.lastUsed')}</Table.Th>
                <Table.Th scope="col">{t('sessions.address')}</Table.Th>
                <Table.Th scope="col">{t('sessions.actionsCol')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sessions.data.map((s) => {
                const device = deviceOf(s.userAgent, t('sessions.unknownDevice'));
                return (
                  <Table.Tr key={s.id} data-testid="session-row">
                    <Table.Td>
                      <Text size="sm">{device}</Text>
                      <Group gap={4}>
                        <Text size="xs">{t(`sessions.${s.kind === 'browser' ? 'browser' : 'bearer'}`)}</Text>
                        {s.current && <Badge size="sm" color="dark">{t('sessions.thisDevice')}</Badge>}
                      </Group>
                    </Table.Td>
                    <Table.Td>{formatInstant(s.createdAt)}</Table.Td>
                    <Table.Td>{formatInstant(s.lastUsedAt)}</Table.Td>
                    <Table.Td>{s.ip ?? t('sessions.none')}</Table.Td>
                    <Table.Td>
                      {!s.current && (
                        <Button size="xs" variant="default" loading={end.isPending && end.variables === s.id} onClick={() => end.mutate(s.id)}
                          aria-label={t('sessions.signOutOf', { device, when: formatInstant(s.createdAt) })}>
                          {t('sessions.signOut')}
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      <Group mt="sm">
        <Button variant="default" onClick={() => endOthers.mutate()} loading={endOthers.isPending} disabled={(sessions.data?.length ?? 0) < 2}>{t('sessions.signOutOthers')}</Button>
      </Group>
      {endOthers.isSuccess && <Text size="sm" role="status" mt="xs">{t('sessions.othersDone', { count: endOthers.data.ended })}</Text>}
      <ErrorAlert error={end.error ?? endOthers.error} />
    </Paper>
  );
}

function DelegationTable({ rows, caption, onEnd, ending }: { rows: Delegation[]; caption: string; onEnd: (d: Delegation) => void; ending: string | null }) {
  const { t } = useTranslation('account');
  const formatDate = useFormatDate();
  if (rows.length === 0) return <><Title order={3} size="h4" mt="md" mb="xs">{caption}</Title><Text size="sm">{t('delegation.none')}</Text></>;
  return (
    <>
      <Title order={3} size="h4" mt="md" mb="xs">{caption}</Title>
      <ScrollTable minWidth={560} label={caption}>
        <Table withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('delegation.delegatorCol')}</Table.Th>
              <Table.Th scope="col">{t('delegation.delegateCol')}</Table.Th>
              <Table.Th scope="col">{t('delegation.periodCol')}</Table.Th>
              <Table.Th scope="col">{t('delegation.statusCol')}</Table.Th>
              <Table.Th scope="col">{t('delegation.actionsCol')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td>{d.delegator.displayName}</Table.Td>
                <Table.Td>{d.delegate.displayName}</Table.Td>
                <Table.Td>{t('delegation.period', { from: formatDate(d.startsOn), to: formatDate(d.endsOn) })}{d.reason ? `（${d.reason}）` : ''}</Table.Td>
                <Table.Td><Badge variant="outline" color="dark">{t(`delegation.status.${d.status}`)}</Badge></Table.Td>
                <Table.Td>
                  {(d.status === 'active' || d.status === 'upcoming') && (
                    <Button size="xs" variant="default" loading={ending === d.id} onClick={() => onEnd(d)} aria-label={t('delegation.endOf', { name: d.delegate.displayName })}>
                      {t('delegation.end')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
    </>
  );
}

const taipeiToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

function DelegationSection() {
  const { t } = useTranslation('account');
  const queryClient = useQueryClient();
  const delegations = useQuery(myDelegationsQuery);
  const candidates = useQuery(candidatesQuery);
  const [delegate, setDelegate] = useState<string | null>(null);
  const [startsOn, setStartsOn] = useState(taipeiToday());
  const [endsOn, setEndsOn] = useState(taipeiToday());
  const [reason, setReason] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: myDelegationsQuery.queryKey });
  const create = useMutation({
    mutationFn: () => unwrap(api.POST('/api/me/delegations', { body: { delegateUserId: delegate ?? '', startsOn, endsOn, reason: reason || undefined } })),
    onSuccess: () => { setReason(''); void refresh(); },
  });
  const end = useMutation({ mutationFn: (id: string) => unwrap(api.POST('/api/delegations/{id}/end', { params: { path: { id } } })), onSettled: refresh });
  const submit = (e: FormEvent) => { e.preventDefault(); create.mutate(); };
  const options = (candidates.data ?? []).map((c) => ({ value: c.userId, label: `${c.displayName}（${c.email}）` }));
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="delegation-heading">
      <Title order={2} size="h3" id="delegation-heading" mb="xs">{t('delegation.heading')}</Title>
      <Text size="sm" mb="sm">{t('delegation.intro')}</Text>
      {candidates.data && options.length === 0 ? <Text size="sm">{t('delegation.noCandidates')}</Text> : (
        <form onSubmit={submit} noValidate>
          <Stack gap="sm" maw={420}>
            <Select label={t('delegation.delegate')} data={options} value={delegate} onChange={setDelegate} searchable required data-testid="delegate-select" />
            <Group grow wrap="wrap">
              <TextInput type="date" label={t('delegation.startsOn')} value={startsOn} onChange={(e) => setStartsOn(e.currentTarget.value)} required miw={150} />
              <TextInput type="date" label={t('delegation.endsOn')} value={endsOn} onChange={(e) => setEndsOn(e.currentTarget.value)} required miw={150} />
            </Group>
            <TextInput label={t('delegation.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} maxLength={500} />
            <Group><Button type="submit" loading={create.isPending} disabled={!delegate}>{t('delegation.create')}</Button></Group>
            {create.isSuccess && <Text size="sm" role="status">{t('delegation.created')}</Text>}
            <ErrorAlert error={create.error} />
          </Stack>
        </form>
      )}
      {delegations.data && (
        <>
          <DelegationTable rows={delegations.data.given} caption={t('delegation.given')} onEnd={(d) => end.mutate(d.id)} ending={end.isPending ? end.variables ?? null : null} />
          <DelegationTable rows={delegations.data.received} caption={t('delegation.received')} onEnd={(d) => end.mutate(d.id)} ending={end.isPending ? end.variables ?? null : null} />
        </>
      )}
      <ErrorAlert error={delegations.error ?? end.error} />
    </Paper>
  );
}

function AccountPage() {
  const { t } = useTranslation('account');
  return (
    <Stack gap="md" maw={960}>
      <Title order={1}>{t('title')}</Title>
      <ProfileSection />
      <PasswordSection />
      <SessionsSection />
      <DelegationSection />
      <Paper withBorder p="md" radius="md" component="section" aria-labelledby="notifications-heading">
        <Title order={2} size="h3" id="notifications-heading" mb="xs">{t('notifications.heading')}</Title>
        <Text size="sm" mb="xs">{t('notifications.body')}</Text>
        {/* The inbox's screen (its own route): a plain link, so this page does not depend on its route being registered. */}
        <Anchor href="/inbox/preferences">{t('notifications.link')}</Anchor>
      </Paper>
    </Stack>
  );
}

export const Route = createLazyRoute('/app/account')({ component: AccountPage });
