import { Alert, Button, CopyButton, Group, Loader, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconArrowLeft, IconCalendarPlus, IconCheck, IconCopy, IconLock, IconRefresh, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Schemas, unwrap } from '../api/client';
import { ErrorAlert } from '../ui/error-alert';
import { useFormatInstant } from '../ui/format';
import { ButtonLink } from '../ui/links';
import { CALENDAR_KEY, calendarQuery, PREFERENCES_KEY, preferencesQuery } from './inbox.queries';
import './inbox.texts';

type Preferences = Schemas['NotificationPreferencesDto'];
type Defaults = 'immediate' | 'digest' | 'off';
const GROUP_ORDER = ['reminders', 'escalations', 'sub_projects', 'submissions', 'resolutions', 'gates', 'digests', 'reports', 'security'];

function defaultsOf(p: Preferences): Defaults {
  return p.muteNonCritical ? 'off' : p.delivery === 'digest' ? 'digest' : 'immediate';
}

function PreferencesForm({ preferences }: { preferences: Preferences }) {
  const { t } = useTranslation('inbox');
  const queryClient = useQueryClient();
  const [defaults, setDefaults] = useState<Defaults>(defaultsOf(preferences));
  const [own, setOwn] = useState<Record<string, string>>({});
  useEffect(() => {
    setDefaults(defaultsOf(preferences));
    setOwn(Object.fromEntries(preferences.kinds.map((k) => [k.kind, k.delivery ?? 'default'])));
  }, [preferences]);
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      unwrap(api.PUT('/api/me/notification-preferences', {
        body: {
          delivery: defaults === 'digest' ? 'digest' : 'immediate',
          muteNonCritical: defaults === 'off',
          kinds: preferences.kinds.filter((k) => !k.alwaysSent).map((k) => ({ kind: k.kind, delivery: (own[k.kind] ?? 'default') as 'default' })),
        },
      })),
    onSuccess: (data) => {
      queryClient.setQueryData(PREFERENCES_KEY, data);
      setSaved(true);
    },
  });
  const groups = GROUP_ORDER.map((g) => ({ group: g, kinds: preferences.kinds.filter((k) => k.group === g) })).filter((g) => g.kinds.length > 0);

  return (
    <Stack component="form" gap="md" onSubmit={(e) => { e.preventDefault(); setSaved(false); save.mutate(); }}>
      <Paper withBorder p="md" radius="sm" component="section" aria-labelledby="prefs-defaults">
        <Title order={2} size="h3" id="prefs-defaults">{t('prefs.defaultsTitle')}</Title>
        <Text size="sm" mb="xs">{t('prefs.defaultsHint')}</Text>
        <Select label={t('prefs.defaultDelivery')} value={defaults} onChange={(v) => v && setDefaults(v as Defaults)} allowDeselect={false} maw={420}
          data={(['immediate', 'digest', 'off'] as const).map((v) => ({ value: v, label: t(`prefs.defaults.${v}`) }))} />
      </Paper>
      <Paper withBorder p="md" radius="sm" component="section" aria-labelledby="prefs-kinds">
        <Title order={2} size="h3" id="prefs-kinds">{t('prefs.kindsTitle')}</Title>
        <Text size="sm" mb="sm">{t('prefs.digestNote')}</Text>
        <Stack gap="lg">
          {groups.map(({ group, kinds }) => (
            <Stack key={group} gap="xs" component="fieldset" style={{ border: 'none', padding: 0, margin: 0 }}>
              <Text component="legend" fw={700} mb={4}>{t(`prefs.groups.${group}`)}</Text>
              {kinds.map((k) =>
                k.alwaysSent ? (
                  <Group key={k.kind} gap="xs" wrap="nowrap" align="flex-start">
                    <IconLock size={18} aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />
                    <Text size="sm"><strong>{k.label}</strong>{t('prefs.colon')}{t(`prefs.always.${k.alwaysSent}`)}</Text>
                  </Group>
                ) : (
                  <Select key={k.kind} label={k.label} maw={420} allowDeselect={false} value={own[k.kind] ?? 'default'}
                    onChange={(v) => v && setOwn((o) => ({ ...o, [k.kind]: v }))}
                    data={[
                      { value: 'default', label: t('prefs.useDefault', { effective: t(`prefs.options.${effectiveDefault(k, defaults)}`) }) },
                      ...k.options.map((o) => ({ value: o, label: t(`prefs.options.${o}`) })),
                    ]} />
                ),
              )}
            </Stack>
          ))}
        </Stack>
      </Paper>
      {save.isError && <ErrorAlert error={save.error} />}
      {saved && <Alert variant="light" color="green" styles={{ message: { color: '#1b4d24' } }} role="status">{t('prefs.saved')}</Alert>}
      <Button type="submit" loading={save.isPending} style={{ alignSelf: 'flex-start' }}>{t('prefs.save')}</Button>
    </Stack>
  );
}

/** What "default" gives this kind under the defaults chosen on the form (the ledger's rule). */
function effectiveDefault(k: Preferences['kinds'][number], defaults: Defaults): string {
  if (defaults === 'off') return 'off';
  if (defaults === 'digest' && k.options.includes('weekly_digest')) return 'weekly_digest';
  return 'immediate';
}

function CalendarFeed() {
  const { t } = useTranslation('inbox');
  const formatInstant = useFormatInstant();
  const queryClient = useQueryClient();
  const status = useQuery(calendarQuery);
  const [url, setUrl] = useState<string | null>(null);
  const [revoked, setRevoked] = useState(false);
  const create = useMutation({
    mutationFn: () => unwrap(api.POST('/api/me/calendar-feed')),
    onSuccess: (data) => {
      setUrl(data.url);
      setRevoked(false);
      return queryClient.invalidateQueries({ queryKey: CALENDAR_KEY });
    },
  });
  const revoke = useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/me/calendar-feed')),
    onSuccess: () => {
      setUrl(null);
      setRevoked(true);
      return queryClient.invalidateQueries({ queryKey: CALENDAR_KEY });
    },
  });
  const on = status.data?.enabled ?? false;
  return (
    <Paper withBorder p="md" radius="sm" component="section" aria-labelledby="calendar-feed">
      <Stack gap="sm">
        <Title order={2} size="h3" id="calendar-feed">{t('calendar.title')}</Title>
        <Text size="sm">{t('calendar.intro')}</Text>
        {status.isPending ? <Loader size="sm" aria-label={t('calendar.title')} /> : status.isError ? <ErrorAlert error={status.error} /> : (
          <>
            <Text fw={500} aria-live="polite">{on ? t('calendar.on', { created: formatInstant(status.data.createdAt) }) : t('calendar.off')}</Text>
            {on && <Text size="sm" c="dimmed">{status.data.lastFetchedAt ? t('calendar.lastFetched', { time: formatInstant(status.data.lastFetchedAt) }) : t('calendar.neverFetched')}</Text>}
          </>
        )}
        {url && (
          <Stack gap="xs">
            <Group gap="xs" align="flex-end" wrap="wrap">
              <TextInput label={t('calendar.urlLabel')} value={url} readOnly style={{ flex: '1 1 260px', minWidth: 0 }} onFocus={(e) => e.currentTarget.select()} />
              <CopyButton value={url}>
                {({ copied, copy }) => (
                  <Button variant="light" onClick={copy} leftSection={copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}>
                    {copied ? t('calendar.copied') : t('calendar.copy')}
                  </Button>
                )}
              </CopyButton>
            </Group>
            <Text size="sm" role="note">{t('calendar.secret')}</Text>
          </Stack>
        )}
        {revoked && <Alert variant="light" color="gray" styles={{ message: { color: '#212529' } }} role="status">{t('calendar.revoked')}</Alert>}
        {(create.isError || revoke.isError) && <ErrorAlert error={create.error ?? revoke.error} />}
        <Group gap="sm" wrap="wrap">
          <Button onClick={() => create.mutate()} loading={create.isPending} leftSection={on ? <IconRefresh size={16} aria-hidden /> : <IconCalendarPlus size={16} aria-hidden />}>
            {on ? t('calendar.renew') : t('calendar.turnOn')}
          </Button>
          {on && (
            <Button variant="default" color="red" onClick={() => revoke.mutate()} loading={revoke.isPending} leftSection={<IconTrash size={16} aria-hidden />}>
              {t('calendar.revoke')}
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}

function PreferencesPage() {
  const { t } = useTranslation('inbox');
  const preferences = useQuery(preferencesQuery);
  return (
    <Stack gap="md">
      <div>
        <ButtonLink to="/inbox" variant="subtle" px={0} leftSection={<IconArrowLeft size={16} aria-hidden />}>{t('prefs.back')}</ButtonLink>
        <Title order={1}>{t('prefs.title')}</Title>
        <Text mt={4}>{t('prefs.intro')}</Text>
      </div>
      {preferences.isPending ? <Loader aria-label={t('prefs.title')} /> : preferences.isError ? (
        <ErrorAlert error={preferences.error} onReload={() => void preferences.refetch()} />
      ) : (
        <PreferencesForm preferences={preferences.data} />
      )}
      <CalendarFeed />
    </Stack>
  );
}

export const Route = createLazyRoute('/app/inbox/preferences')({ component: PreferencesPage });
