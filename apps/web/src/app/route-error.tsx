import { Button, Group, Stack, Title } from '@mantine/core';
import { Link, type ErrorComponentProps } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../ui/error-alert';

/** A screen that could not load (403, 404, a lost connection …): said in words, inside the frame, with a way on. */
export function RouteError({ error, reset }: ErrorComponentProps) {
  const { t } = useTranslation();
  return (
    <Stack maw={720}>
      <Title order={1}>{t('errors.title')}</Title>
      <ErrorAlert error={error} />
      <Group>
        <Button variant="default" onClick={reset}>{t('actions.retry')}</Button>
        <Button component={Link} to="/">{t('nav.myWork')}</Button>
      </Group>
    </Stack>
  );
}
