import { Card, Group, List, Text, Title } from '@mantine/core';
import { IconCalendarPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { hasRole, useMe } from '../auth/session';
import { ErrorAlert } from '../ui/error-alert';
import { DateText } from '../ui/format';
import { AnchorLink, ButtonLink } from '../ui/links';
import { DecisionBadge, GateStatusBadge } from './gate-parts';
import { gateReviewsQuery } from './gates.queries';
import './gates.texts';

/** 關卡審查 on a flagship sub-project's page: its gate reviews in order, each linked, and (for the secretariat) scheduling the next. */
export function SubProjectGates({ code }: { code: string }) {
  const { t } = useTranslation('gates');
  const me = useMe();
  const reviews = useQuery(gateReviewsQuery({ subProject: code }));
  return (
    <Card withBorder p={{ base: 'sm', sm: 'md' }} component="section" aria-labelledby="sp-gates">
      <Title order={2} size="h3" id="sp-gates" mb="sm">{t('detail.subProjectGates')}</Title>
      <ErrorAlert error={reviews.error} />
      {reviews.isSuccess && (reviews.data.items.length === 0 ? <Text size="sm">{t('schedule.historyNone')}</Text> : (
        <List spacing="xs" size="sm">
          {reviews.data.items.map((r) => (
            <List.Item key={r.id}>
              <Group gap="xs" wrap="wrap">
                <AnchorLink to="/gates/$id" params={{ id: r.id }}>{t('detail.gateSeq', { n: r.gate.seq })}・{r.gate.name}</AnchorLink>
                <Text span size="sm"><DateText date={r.scheduledFor} /></Text>
                <GateStatusBadge status={r.status} />
                {r.decision && <DecisionBadge decision={r.decision} />}
              </Group>
            </List.Item>
          ))}
        </List>
      ))}
      <Group mt="sm" gap="sm">
        <AnchorLink to="/gates" search={{ q: code }} size="sm">{t('common:nav.gates')}</AnchorLink>
        {hasRole(me, 'coordinator') && (
          <ButtonLink to="/gates/new" search={{ subProject: code }} size="xs" variant="light" leftSection={<IconCalendarPlus size={14} aria-hidden />}>{t('list.schedule')}</ButtonLink>
        )}
      </Group>
    </Card>
  );
}
