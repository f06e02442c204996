import { Container, Paper, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { createLazyRoute, Link, useRouter, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { meQuery } from './session';
import { SignInForm } from './sign-in-form';
import { LanguageSwitch } from '../ui/language-switch';
import './auth.texts';
import './account-links.texts';

function SignInPage() {
  const { t } = useTranslation('auth');
  const queryClient = useQueryClient();
  const router = useRouter();
  const { next } = useSearch({ from: '/sign-in' });
  return (
    <Container size={420} py={48} component="main">
      <Stack>
        <LanguageSwitch />
        <Title order={1}>{t('title')}</Title>
        <Text>{t('intro')}</Text>
        <Paper withBorder p="lg" radius="md">
          <SignInForm
            onSignedIn={(me) => {
              queryClient.setQueryData(meQuery.queryKey, me);
              router.history.push(next ?? '/');
            }}
          />
        </Paper>
        <Link to="/forgot-password">{t('accountLinks:forgotLink')}</Link>
      </Stack>
    </Container>
  );
}

export const Route = createLazyRoute('/sign-in')({ component: SignInPage });
