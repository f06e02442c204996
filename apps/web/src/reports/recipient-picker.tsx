import { Select, SimpleGrid } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { UserPicker } from '../users/user-picker';

/** Roles a programme-wide report may go to: those who see every organisation (the API refuses others). */
const RECIPIENT_ROLES = ['coordinator', 'viewer', 'reviewer', 'admin'] as const;

/**
 * Recipients picked by name and role: a role to narrow the directory (or every role that may
 * receive programme-wide reports), then people found by name or email (users' UserPicker over
 * GET /api/users, active accounts only).
 */
export function RecipientPicker({ value, onChange, error }: { value: string[]; onChange: (ids: string[]) => void; error?: string }) {
  const { t } = useTranslation('reports');
  const [role, setRole] = useState<string | null>(null);
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
      <Select
        label={t('recipients.role')} placeholder={t('recipients.anyRole')} clearable value={role} onChange={setRole}
        data={RECIPIENT_ROLES.map((r) => ({ value: r, label: t(`recipients.roles.${r}`) }))}
      />
      <div style={{ gridColumn: 'span 2' }}>
        <UserPicker
          label={t('recipients.label')} description={t('recipients.hint')} required value={value} onChange={onChange} error={error}
          role={role ?? RECIPIENT_ROLES.join(',')}
        />
      </div>
    </SimpleGrid>
  );
}
