import { Alert, Button, Container, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { createLazyRoute, Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import { ErrorAlert } from '../ui/error-alert';
import { LanguageSwitch } from '../ui/language-switch';
import './account-links.texts';
import './auth.texts';

function ForgotPasswordPage() {
  const { t } = useTranslation('accountLinks');
  const { t: ta } = useTranslation('auth');
  const form = useForm({ initialValues: { email: '' }, validate: { email: (v) => (/^\S+@\S+\.\S+$/.test(v.trim()) ? null : ta('emailInvalid')) } });
  const request = useMutation({ mutationFn: (email: string) => unwrap(api.POST('/api/auth/password-reset', { body: { email } })) });
  return (
    <Container size={460} py={48} component="main">
      <Stack>
        <LanguageSwitch />
        <Title order={1}>{t('forgotTitle')}</Title>
        <Text>{t('forgotIntro')}</Text>
        <Paper withBorder p="lg" radius="md">
          {request.isSuccess ? (
            <Alert role="status" color="green">{t('sent')}</Alert>
          ) : (
            <form noValidate onSubmit={form.onSubmit((v) => request.mutate(v.email.trim()))}>
              <Stack>
                <TextInput label={ta('email')} type="email" autoComplete="username" required {...form.getInputProps('email')} />
                <ErrorAlert error={request.error} />
                <Button type="submit" loading={request.isPending}>{t('send')}</Button>
              </Stack>
            </form>
          )}
        </Paper>
        <Link to="/sign-in">{t('backToSignIn')}</Link>
      </Stack>
    </Container>
  );
}

export const Route = createLazyRoute('/forgot-password')({ component: ForgotPasswordPage });
