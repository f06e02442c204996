import { Alert, Button, Checkbox, Group, Paper, Stack, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute, Link, useRouter } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import { currentLanguage } from '../i18n/i18n';
import { ErrorAlert } from '../ui/error-alert';
import { AccountChoiceFields, type AccountFields, apiFieldErrors } from './user-fields';
import { managementScopeQuery, USERS_KEY } from './users.queries';
import './users.texts';

interface NewUser extends AccountFields {
  email: string;
  invite: boolean;
}

function NewUserPage() {
  const { t } = useTranslation('users');
  const router = useRouter();
  const queryClient = useQueryClient();
  const scope = useQuery(managementScopeQuery);
  const form = useForm<NewUser>({
    initialValues: { email: '', displayName: '', organisation: null, roles: [], locale: currentLanguage() === 'en' ? 'en' : 'zh-TW', invite: true },
    validate: {
      email: (v) => (/^\S+@\S+\.\S+$/.test(v.trim()) ? null : t('form.emailInvalid')),
      displayName: (v) => (v.trim() ? null : t('form.displayNameRequired')),
      roles: (v) => (v.length ? null : t('form.rolesRequired')),
    },
  });
  const create = useMutation({
    mutationFn: (values: NewUser) =>
      unwrap(api.POST('/api/users', {
        body: {
          email: values.email.trim(), displayName: values.displayName.trim(), organisation: values.organisation, roles: values.roles as never,
          locale: values.locale, invite: values.invite,
        },
      })),
    onSuccess: async (user, values) => {
      await queryClient.invalidateQueries({ queryKey: USERS_KEY });
      router.history.push(`/users/${user.id}?created=${values.invite ? 'invited' : 'yes'}`);
    },
    onError: (error) => form.setErrors(apiFieldErrors(error)),
  });

  return (
    <Stack gap="md" maw={640}>
      <Link to="/users" search={{}}>{t('detail.back')}</Link>
      <Title order={1}>{t('list.new')}</Title>
      <Paper withBorder p="lg" radius="md">
        <form noValidate onSubmit={form.onSubmit((values) => create.mutate(values))}>
          <Stack gap="md">
            <TextInput label={t('form.email')} description={t('form.emailHint')} type="email" autoComplete="off" required {...form.getInputProps('email')} />
            <TextInput label={t('form.displayName')} required autoComplete="off" {...form.getInputProps('displayName')} />
            <AccountChoiceFields form={form} scope={scope.data} />
            <Checkbox label={t('form.invite')} {...form.getInputProps('invite', { type: 'checkbox' })} />
            <ErrorAlert error={create.error} />
            {scope.error ? <ErrorAlert error={scope.error} /> : null}
            <Group><Button type="submit" loading={create.isPending}>{t('form.create')}</Button></Group>
          </Stack>
        </form>
      </Paper>
      {create.isSuccess && <Alert role="status">{t('form.created')}</Alert>}
    </Stack>
  );
}

export const Route = createLazyRoute('/app/users/new')({ component: NewUserPage });
