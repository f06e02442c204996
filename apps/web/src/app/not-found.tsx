import { Button, Stack, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

export function NotFound() {
  const { t } = useTranslation();
  return (
    <Stack p="xl" maw={600}>
      <Title order={1}>{t('states.notFound')}</Title>
      <Text>{t('states.notFoundHint')}</Text>
      <Button component={Link} to="/" w="fit-content">{t('nav.myWork')}</Button>
    </Stack>
  );
}
