import { Alert, Button, Container, Group, List, Loader, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute, Link, useRouter, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api, ApiError, unwrap } from '../api/client';
import { ErrorAlert } from '../ui/error-alert';
import { useFormatInstant } from '../ui/format';
import { LanguageSwitch } from '../ui/language-switch';
import { meQuery } from './session';
import { SignInForm } from './sign-in-form';
import './account-links.texts';

const LINK_ERRORS = new Set(['LINK_USED', 'LINK_EXPIRED', 'LINK_INVALID']);

/** Reached from an invitation or reset email: shows the policy, refuses a used or expired link in words, sets the password, then signs in. */
function SetPasswordPage() {
  const { t } = useTranslation('accountLinks');
  const { t: tc } = useTranslation();
  const { token } = useSearch({ from: '/set-password' });
  const instant = useFormatInstant();
  const link = useQuery({
    queryKey: ['account-link', token],
    queryFn: () => unwrap(api.POST('/api/auth/link', { body: { token: token ?? '' } })),
    enabled: !!token,
    retry: false,
    staleTime: Infinity,
  });
  const set = useMutation({
    mutationFn: (password: string) => unwrap(api.POST('/api/auth/set-password', { body: { token: token ?? '', password } })),
  });
  const minLength = link.data?.minLength ?? 12;
  const form = useForm({
    initialValues: { password: '', confirm: '' },
    validate: {
      password: (v) => ([...v].length >= minLength ? null : t('tooShort', { count: minLength - [...v].length })),
      confirm: (v, values) => (v === values.password ? null : t('mismatch')),
    },
  });
  const title = link.data?.purpose === 'password_reset' ? t('setTitleReset') : t('setTitleInvitation');
  const linkError = link.error ?? (set.error instanceof ApiError && LINK_ERRORS.has(set.error.code) ? set.error : null);
  const passwordError = set.error instanceof ApiError && !LINK_ERRORS.has(set.error.code) ? set.error : null;

  return (
    <Container size={480} py={48} component="main">
      <Stack>
        <LanguageSwitch />
        <Title order={1}>{title}</Title>
        {!token && <Alert role="alert" color="red">{t('noToken')}</Alert>}
        {token && link.isPending && <Group><Loader size="sm" aria-hidden /><Text>{t('checking')}</Text></Group>}
        {linkError ? (
          <Stack>
            {linkError instanceof ApiError && LINK_ERRORS.has(linkError.code) ? (
              // In the reader's words only: what happened to the link and what to do.
              <Alert role="alert" color="red" variant="light" title={tc('errors.title')} styles={{ message: { color: '#3b0a0a' } }}>{tc(`errors.${linkError.code}`)}</Alert>
            ) : (
              <ErrorAlert error={linkError} />
            )}
            <Link to="/forgot-password">{t('askNew')}</Link>
            <Link to="/sign-in">{t('backToSignIn')}</Link>
          </Stack>
        ) : set.isSuccess && link.data ? (
          <Done email={link.data.email} />
        ) : link.data ? (
          <>
            <Text>{t('forAccount', { email: link.data.email, name: link.data.displayName })}</Text>
            <Text size="sm">{t('validUntil', { at: instant(link.data.expiresAt) })}</Text>
            <Paper withBorder p="md" radius="md" component="section" aria-labelledby="policy-title">
              <Title order={2} size="h4" id="policy-title">{t('policyTitle')}</Title>
              <List size="sm" mt="xs" id="password-policy">
                <List.Item>{t('policyLength', { count: minLength })}</List.Item>
                <List.Item>{t('policyCommon')}</List.Item>
              </List>
            </Paper>
            <Paper withBorder p="lg" radius="md">
              <form noValidate onSubmit={form.onSubmit((v) => set.mutate(v.password))}>
                <Stack>
                  {/* The account's email, for password managers. */}
                  <input type="email" name="username" autoComplete="username" value={link.data.email} readOnly hidden />
                  <PasswordInput label={t('newPassword')} autoComplete="new-password" required aria-describedby="password-policy" {...form.getInputProps('password')} />
                  <PasswordInput label={t('confirmPassword')} autoComplete="new-password" required {...form.getInputProps('confirm')} />
                  <ErrorAlert error={passwordError} />
                  <Button type="submit" loading={set.isPending}>{t('setPassword')}</Button>
                </Stack>
              </form>
            </Paper>
          </>
        ) : null}
      </Stack>
    </Container>
  );
}

function Done({ email }: { email: string }) {
  const { t } = useTranslation('accountLinks');
  const queryClient = useQueryClient();
  const router = useRouter();
  return (
    <Stack>
      <Alert role="status" color="green">{t('done')}</Alert>
      <Paper withBorder p="lg" radius="md">
        <SignInForm
          email={email}
          onSignedIn={(me) => {
            queryClient.setQueryData(meQuery.queryKey, me);
            router.history.push('/');
          }}
        />
      </Paper>
    </Stack>
  );
}

export const Route = createLazyRoute('/set-password')({ component: SetPasswordPage });
