import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { ErrorAlert } from '../ui/error-alert';
import { type Me, signIn } from './session';

/** Email and password; used by the sign-in page and by the dialog that reopens an ended session. */
export function SignInForm({ onSignedIn, email }: { onSignedIn: (me: Me) => void; email?: string }) {
  const { t } = useTranslation('auth');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm({
    initialValues: { email: email ?? '', password: '' },
    validate: {
      email: (v) => (/^\S+@\S+\.\S+$/.test(v.trim()) ? null : t('emailInvalid')),
      password: (v) => (v ? null : t('passwordRequired')),
    },
  });
  return (
    <form
      noValidate
      onSubmit={form.onSubmit(async (values) => {
        setBusy(true);
        setError(null);
        try {
          onSignedIn(await signIn(values.email.trim(), values.password));
        } catch (e) {
          setError(e);
        } finally {
          setBusy(false);
        }
      })}
    >
      <Stack>
        <TextInput label={t('email')} type="email" autoComplete="username" required {...form.getInputProps('email')} />
        <PasswordInput label={t('password')} autoComplete="current-password" required {...form.getInputProps('password')} />
        {error instanceof ApiError && error.code === 'UNAUTHENTICATED' ? (
          <Alert color="red" variant="light" role="alert" styles={{ message: { color: '#3b0a0a' } }}>{t('wrongCredentials')}</Alert>
        ) : (
          <ErrorAlert error={error} />
        )}
        <Button type="submit" loading={busy}>{t('signIn')}</Button>
      </Stack>
    </form>
  );
}
