import { Modal, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { meQuery, useMe } from './session';
import { sessionEvents } from './session-events';
import { SignInForm } from './sign-in-form';
import './auth.texts';

/**
 * Opens over the page when the session ends while it is open. The page underneath stays mounted,
 * so whatever was typed is still there after signing in again; only reads are refreshed.
 */
export function SessionExpiredDialog() {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  useEffect(() => sessionEvents.onExpired(() => setOpen(true)), []);
  if (!me && !open) return null;
  return (
    <Modal opened={open} onClose={() => undefined} withCloseButton={false} closeOnEscape={false} closeOnClickOutside={false} title={t('session.expiredTitle')} centered>
      <Text size="sm" mb="md">{t('session.expiredBody')}</Text>
      <SignInForm
        email={me?.email}
        onSignedIn={(signedIn) => {
          queryClient.setQueryData(meQuery.queryKey, signedIn);
          setOpen(false);
          void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'auth' });
        }}
      />
    </Modal>
  );
}
