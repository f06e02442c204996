import { List, Paper, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useFormatInstant } from '../ui/format';
import { auditQuery, type AuditEvent } from './account.queries';
import './account.texts';

/** "王小明 代 李大華" when a delegate acted, else the actor's name. */
function useWhoDid(): (event: Pick<AuditEvent, 'actor' | 'actingUser'>) => string {
  const { t } = useTranslation('account');
  return (e) => {
    const actor = e.actor?.displayName ?? t('audit.system');
    return e.actingUser ? t('audit.onBehalf', { acting: e.actingUser.displayName, actor }) : actor;
  };
}

/** The audit trail of one entity, as far as the caller may read it; nothing at all when they may not. */
export function AuditTrail({ entityType, entityId, version }: { entityType: string; entityId: string; /** Read again when it changes. */ version?: number }) {
  const { t } = useTranslation('account');
  const formatInstant = useFormatInstant();
  const whoDid = useWhoDid();
  const events = useQuery(auditQuery(entityType, entityId, version));
  if (!events.data) return null;
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="audit-trail-heading" data-testid="audit-trail">
      <Title order={2} size="h3" id="audit-trail-heading" mb="sm">{t('audit.heading')}</Title>
      {events.data.length === 0 ? <Text size="sm">{t('audit.empty')}</Text> : (
        <List spacing={4} size="sm">
          {events.data.map((e) => (
            <List.Item key={e.id}>
              <Text span size="sm" fw={600}>{t(`audit.action.${e.action}`, { defaultValue: e.action })}</Text>{' '}
              <Text span size="sm">{t('audit.by', { who: whoDid(e), when: formatInstant(e.at) })}</Text>
            </List.Item>
          ))}
        </List>
      )}
    </Paper>
  );
}
