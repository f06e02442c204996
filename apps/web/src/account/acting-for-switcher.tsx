import { Alert, Button, Menu, Text, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconUsers } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useMe } from '../auth/session';
import { endedByServer, setActingFor, useActingFor, type ActingFor } from './acting-for';
import { myDelegationsQuery } from './account.queries';
import './account.texts';

function useSwitch() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return (value: ActingFor | null) => {
    setActingFor(value);
    // Everything on screen was the other person's view: read it again as the new actor.
    void queryClient.resetQueries({ predicate: (q) => q.queryKey[0] !== 'auth' });
    void navigate({ to: '/' });
  };
}

/** The header's "代理 B 的職務" switcher: shown only to someone who may act for a colleague today, or is acting. */
export function ActingForSwitcher() {
  const { t } = useTranslation('account');
  const me = useMe();
  const acting = useActingFor();
  const delegations = useQuery({ ...myDelegationsQuery, enabled: !!me });
  const switchTo = useSwitch();
  const options = delegations.data?.canActFor ?? [];
  if (!me || (options.length === 0 && !acting)) return null;
  const label = acting ? t('acting.actFor', { name: acting.displayName }) : t('acting.switcher');
  return (
    <Menu position="bottom-end">
      <Menu.Target>
        <UnstyledButton className="header-button" aria-label={label} data-testid="acting-for-switcher">
          <IconUsers size={18} aria-hidden />
          <Text span size="sm" visibleFrom="xs" truncate maw={180}>{label}</Text>
          <IconChevronDown size={14} aria-hidden />
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={() => switchTo(null)} aria-current={!acting ? 'true' : undefined}>{t('acting.asMyself', { name: me.displayName })}</Menu.Item>
        {options.map((p) => (
          <Menu.Item key={p.userId} onClick={() => switchTo({ userId: p.userId, displayName: p.displayName })} aria-current={acting?.userId === p.userId ? 'true' : undefined}>
            {t('acting.actFor', { name: p.displayName })}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

/** Above every screen while acting: whose work this is, how it is recorded, and the way back. */
export function ActingForBanner() {
  const { t } = useTranslation('account');
  const me = useMe();
  const acting = useActingFor();
  const switchTo = useSwitch();
  if (!acting) {
    return endedByServer() ? <Alert color="yellow" variant="light" mb="md" role="status"><Text size="sm">{t('acting.expired')}</Text></Alert> : null;
  }
  return (
    <Alert color="blue" variant="light" mb="md" role="status" data-testid="acting-for-banner" styles={{ message: { color: '#0b2540' } }}>
      <Text size="sm" fw={600}>{t('acting.banner', { name: acting.displayName, me: me?.displayName ?? '' })}</Text>
      <Button size="xs" mt="xs" variant="white" onClick={() => switchTo(null)}>{t('acting.stop')}</Button>
    </Alert>
  );
}
