import { Alert, Button, Group, Loader, Modal, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconMail, IconUserCheck, IconUserOff } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute, Link, useParams, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, unwrap } from '../api/client';
import { ErrorAlert } from '../ui/error-alert';
import { useFormatInstant } from '../ui/format';
import { RoleList, UserStatusBadge } from './user-badges';
import { AccountChoiceFields, type AccountFields, apiFieldErrors } from './user-fields';
import { managementScopeQuery, type UserDetail, userDetailQuery, USERS_KEY } from './users.queries';
import './users.texts';

function UserDetailPage() {
  const { t } = useTranslation('users');
  const { id } = useParams({ from: '/app/users/$id' });
  const search = useSearch({ strict: false }) as { created?: string };
  const user = useQuery(userDetailQuery(id));
  const [notice, setNotice] = useState<string | null>(null);
  if (user.isPending) return <Loader aria-label={t('common:states.loading')} />;
  if (user.error) {
    return (
      <Stack>
        <Link to="/users" search={{}}>{t('detail.back')}</Link>
        {user.error instanceof ApiError && user.error.code === 'NOT_FOUND' ? <Alert role="alert" color="red">{t('detail.notFound')}</Alert> : <ErrorAlert error={user.error} />}
      </Stack>
    );
  }
  const u = user.data;
  return (
    <Stack gap="md" maw={880}>
      <Link to="/users" search={{}}>{t('detail.back')}</Link>
      <Group gap="sm" wrap="wrap">
        <Title order={1}>{u.displayName}</Title>
        <UserStatusBadge isActive={u.isActive} invited={u.isActive && !u.hasPassword} />
      </Group>
      <div aria-live="polite">{notice && <Alert color="green">{notice}</Alert>}</div>
      {search.created && !notice && <Alert role="status" color="green">{search.created === 'invited' ? t('form.createdInvited') : t('form.created')}</Alert>}
      {u.isDemo && <Alert color="yellow" role="note">{t('detail.demo')}</Alert>}
      <Summary user={u} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        {/* Remounted with the saved version, so the form shows what is stored after a save. */}
        <EditForm key={u.updatedAt} user={u} onSaved={setNotice} />
        <Access user={u} onDone={setNotice} />
      </SimpleGrid>
    </Stack>
  );
}

function Summary({ user }: { user: UserDetail }) {
  const { t } = useTranslation('users');
  const instant = useFormatInstant();
  const rows: [string, React.ReactNode][] = [
    [t('detail.account'), <Text key="e" style={{ wordBreak: 'break-all' }}>{user.email}</Text>],
    [t('list.organisation'), user.organisationName ?? '—'],
    [t('list.roles'), <RoleList key="r" roles={user.roles} />],
    [t('detail.lastSignIn'), user.lastSignInAt ? instant(user.lastSignInAt) : t('detail.never')],
    [t('detail.created'), instant(user.createdAt)],
  ];
  if (user.pendingLink) {
    rows.push([t('detail.pendingLink'), t(user.pendingLink.purpose === 'invitation' ? 'detail.invitationUntil' : 'detail.resetUntil', { at: instant(user.pendingLink.expiresAt) })]);
  }
  return (
    <Paper withBorder p="md" radius="md">
      <dl style={{ margin: 0, display: 'grid', gridTemplateColumns: 'minmax(6rem, max-content) 1fr', gap: '6px 16px' }}>
        {rows.map(([label, value]) => (
          <div key={label} style={{ display: 'contents' }}>
            <dt style={{ fontWeight: 600 }}>{label}</dt>
            <dd style={{ margin: 0 }}>{value}</dd>
          </div>
        ))}
      </dl>
    </Paper>
  );
}

function EditForm({ user, onSaved }: { user: UserDetail; onSaved: (notice: string) => void }) {
  const { t } = useTranslation('users');
  const queryClient = useQueryClient();
  const scope = useQuery(managementScopeQuery);
  const initial = (): AccountFields => ({ displayName: user.displayName, organisation: user.organisationCode, roles: [...user.roles], locale: user.locale === 'en' ? 'en' : 'zh-TW' });
  const form = useForm<AccountFields>({
    initialValues: initial(),
    validate: {
      displayName: (v) => (v.trim() ? null : t('form.displayNameRequired')),
      roles: (v) => (v.length ? null : t('form.rolesRequired')),
    },
  });
  const save = useMutation({
    mutationFn: (values: AccountFields) =>
      unwrap(api.PATCH('/api/users/{id}', {
        params: { path: { id: user.id } },
        body: { displayName: values.displayName.trim(), organisation: values.organisation, roles: values.roles as never, locale: values.locale },
      })),
    onSuccess: (saved) => {
      onSaved(t('form.saved'));
      queryClient.setQueryData(userDetailQuery(user.id).queryKey, saved);
      void queryClient.invalidateQueries({ queryKey: USERS_KEY });
    },
    onError: (error) => form.setErrors(apiFieldErrors(error)),
  });
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="user-edit-title">
      <form noValidate onSubmit={form.onSubmit((values) => save.mutate(values))}>
        <Stack gap="md">
          <Title order={2} size="h3" id="user-edit-title">{t('detail.edit')}</Title>
          <TextInput label={t('form.displayName')} required {...form.getInputProps('displayName')} />
          <AccountChoiceFields form={form} scope={scope.data} />
          <ErrorAlert error={save.error} />
          <Group><Button type="submit" loading={save.isPending}>{t('form.save')}</Button></Group>
        </Stack>
      </form>
    </Paper>
  );
}

function Access({ user, onDone }: { user: UserDetail; onDone: (notice: string) => void }) {
  const { t } = useTranslation('users');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const act = useMutation({
    mutationFn: (action: 'deactivate' | 'reactivate' | 'send-link') =>
      unwrap(api.POST(`/api/users/{id}/${action}` as '/api/users/{id}/deactivate', { params: { path: { id: user.id } } })),
    onSuccess: (saved, action) => {
      queryClient.setQueryData(userDetailQuery(user.id).queryKey, saved);
      void queryClient.invalidateQueries({ queryKey: USERS_KEY });
      setConfirming(false);
      onDone(action === 'deactivate' ? t('detail.deactivated') : action === 'reactivate' ? t('detail.reactivated') : t('detail.linkSent', { email: user.email }));
    },
  });
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="user-access-title">
      <Stack gap="md">
        <Title order={2} size="h3" id="user-access-title">{t('detail.access')}</Title>
        <ErrorAlert error={act.error} />
        {user.isActive && (
          <Stack gap={4}>
            <Group>
              <Button variant="default" leftSection={<IconMail size={16} aria-hidden />} loading={act.isPending && act.variables === 'send-link'} onClick={() => act.mutate('send-link')}>
                {user.hasPassword ? t('detail.sendReset') : t('detail.sendInvitation')}
              </Button>
            </Group>
            <Text size="sm">{t('detail.resetHint')}</Text>
          </Stack>
        )}
        {user.isActive ? (
          <Stack gap={4}>
            <Group>
              <Button color="red" variant="outline" leftSection={<IconUserOff size={16} aria-hidden />} onClick={() => setConfirming(true)}>{t('detail.deactivate')}</Button>
            </Group>
            <Text size="sm">{t('detail.deactivateHint')}</Text>
          </Stack>
        ) : (
          <Group>
            <Button leftSection={<IconUserCheck size={16} aria-hidden />} loading={act.isPending} onClick={() => act.mutate('reactivate')}>{t('detail.reactivate')}</Button>
          </Group>
        )}
      </Stack>
      <Modal opened={confirming} onClose={() => setConfirming(false)} title={t('detail.deactivate')} centered>
        <Stack>
          <Text>{t('detail.deactivateConfirm', { name: user.displayName })}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>{tc('actions.cancel')}</Button>
            <Button color="red" loading={act.isPending} onClick={() => act.mutate('deactivate')}>{t('detail.deactivate')}</Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}

export const Route = createLazyRoute('/app/users/$id')({ component: UserDetailPage });
