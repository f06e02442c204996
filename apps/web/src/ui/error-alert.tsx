import { Alert, Button, Group, Text } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';

/** What went wrong, in the user's language, with what to do; next to the thing that caused it. */
export function ErrorAlert({ error, onReload }: { error: unknown; onReload?: () => void }) {
  const { t } = useTranslation();
  if (!error) return null;
  const apiError = error instanceof ApiError ? error : null;
  const code = apiError?.code ?? 'network';
  const explanation = t(`errors.${code}`, { defaultValue: '' }) || apiError?.message || t('errors.INTERNAL');
  const detail = apiError && apiError.code !== 'VALIDATION_FAILED' && apiError.message !== explanation ? apiError.message : null;
  return (
    <Alert color="red" variant="light" role="alert" icon={<IconAlertCircle aria-hidden />} title={t('errors.title')} styles={{ message: { color: '#3b0a0a' } }}>
      <Text size="sm">{explanation}</Text>
      {detail && <Text size="sm" mt={4}>{detail}</Text>}
      {apiError?.body.requestId && <Text size="xs" mt={4} c="#495057">{t('errors.requestId', { id: apiError.body.requestId })}</Text>}
      {onReload && (code === 'STALE_VERSION' || code === 'INVALID_TRANSITION' || code === 'CSRF_FAILED') && (
        <Group mt="xs"><Button size="xs" variant="white" color="red" onClick={onReload}>{t('actions.reload')}</Button></Group>
      )}
    </Alert>
  );
}
