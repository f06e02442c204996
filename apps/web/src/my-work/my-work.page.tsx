import { Title } from '@mantine/core';
import { createLazyRoute } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

function MyWorkPage() {
  const { t } = useTranslation();
  return <Title order={1}>{t('nav.myWork')}</Title>;
}

export const Route = createLazyRoute('/app/')({ component: MyWorkPage });
