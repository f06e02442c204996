import { Badge, Group } from '@mantine/core';
import { IconCircleCheck, IconCircleOff, IconMailForward } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import './users.texts';

/** Account status in words with an icon, never by colour alone. */
export function UserStatusBadge({ isActive, invited }: { isActive: boolean; invited: boolean }) {
  const { t } = useTranslation('users');
  if (!isActive) return <Badge color="gray" variant="light" leftSection={<IconCircleOff size={12} aria-hidden />} styles={{ label: { color: '#343a40', textTransform: 'none' } }}>{t('status.inactive')}</Badge>;
  if (invited) return <Badge color="yellow" variant="light" leftSection={<IconMailForward size={12} aria-hidden />} styles={{ label: { color: '#5c3c00', textTransform: 'none' } }}>{t('status.invited')}</Badge>;
  return <Badge color="green" variant="light" leftSection={<IconCircleCheck size={12} aria-hidden />} styles={{ label: { color: '#1b4d24', textTransform: 'none' } }}>{t('status.active')}</Badge>;
}

export function RoleList({ roles }: { roles: readonly string[] }) {
  const { t } = useTranslation();
  return (
    <Group gap={4} wrap="wrap">
      {roles.map((r) => <Badge key={r} variant="outline" color="dark" styles={{ label: { textTransform: 'none' } }}>{t(`roles.${r}`)}</Badge>)}
    </Group>
  );
}
