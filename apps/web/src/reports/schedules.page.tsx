import { Button, Card, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconCircleCheck, IconPlayerPause, IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { createLazyRoute, Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { hasRole, useMe } from '../auth/session';
import { ToneBadge } from '../ui/badges';
import { ErrorAlert } from '../ui/error-alert';
import { useFormatInstant } from '../ui/format';
import { useCronInWords } from './cron-field';
import { type ReportSchedule, schedulesQuery } from './reports.queries';
import './reports.texts';

const ICON = { size: 16, stroke: 2, 'aria-hidden': true } as const;

function ActiveBadge({ active }: { active: boolean }) {
  const { t } = useTranslation('reports');
  return active
    ? <ToneBadge tone="good" icon={<IconCircleCheck {...ICON} />}>{t('schedules.active')}</ToneBadge>
    : <ToneBadge tone="neutral" icon={<IconPlayerPause {...ICON} />}>{t('schedules.inactive')}</ToneBadge>;
}

function SchedulesPage() {
  const { t } = useTranslation('reports');
  const me = useMe();
  const coordinator = hasRole(me, 'coordinator');
  const schedules = useQuery({ ...schedulesQuery, enabled: coordinator });
  const formatInstant = useFormatInstant();
  const inWords = useCronInWords();
  const when = (s: ReportSchedule) => inWords(s.cron) ?? s.cron;

  return (
    <Stack gap="md">
      <Button component={Link} to="/reports" variant="subtle" leftSection={<IconArrowLeft size={16} aria-hidden />} w="fit-content" px={0}>{t('title')}</Button>
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Title order={1}>{t('schedules.title')}</Title>
        {coordinator && <Button component={Link} to="/reports/schedules/new" leftSection={<IconPlus size={16} aria-hidden />}>{t('schedules.new')}</Button>}
      </Group>
      <Text>{t('schedules.intro')}</Text>
      {!coordinator && <Text>{t('schedules.forbidden')}</Text>}
      <ErrorAlert error={schedules.error} />
      {schedules.isPending && coordinator && <Loader size="sm" aria-label={t('common:states.loading')} />}
      {schedules.data?.length === 0 && <Text>{t('schedules.empty')}</Text>}
      {!!schedules.data?.length && (
        <>
          <Table.ScrollContainer minWidth={760} visibleFrom="sm">
            <Table striped verticalSpacing="sm" aria-label={t('schedules.table')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('schedules.name')}</Table.Th>
                  <Table.Th scope="col">{t('schedules.kind')}</Table.Th>
                  <Table.Th scope="col">{t('schedules.when')}</Table.Th>
                  <Table.Th scope="col">{t('schedules.next')}</Table.Th>
                  <Table.Th scope="col">{t('schedules.recipients')}</Table.Th>
                  <Table.Th scope="col">{t('schedules.active')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {schedules.data.map((s) => (
                  <Table.Tr key={s.id}>
                    <Table.Td><Link to="/reports/schedules/$id" params={{ id: s.id }}>{s.name}</Link></Table.Td>
                    <Table.Td>{t(`schedule.kinds.${s.kind}`)}（{t(`format.${s.format}`)}）</Table.Td>
                    <Table.Td>{when(s)}</Table.Td>
                    <Table.Td>{s.nextRunAt ? formatInstant(s.nextRunAt) : '—'}</Table.Td>
                    <Table.Td>{s.recipients.map((r) => r.displayName).join('、')}</Table.Td>
                    <Table.Td><ActiveBadge active={s.isActive} /></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Stack gap="sm" hiddenFrom="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('schedules.table')}>
            {schedules.data.map((s) => (
              <Card component="li" withBorder padding="sm" key={s.id}>
                <Stack gap={4}>
                  <Link to="/reports/schedules/$id" params={{ id: s.id }} style={{ fontWeight: 600 }}>{s.name}</Link>
                  <Text size="sm">{t(`schedule.kinds.${s.kind}`)}（{t(`format.${s.format}`)}）</Text>
                  <Text size="sm">{when(s)}</Text>
                  <Text size="sm">{t('schedules.next')}：{s.nextRunAt ? formatInstant(s.nextRunAt) : '—'}</Text>
                  <ActiveBadge active={s.isActive} />
                </Stack>
              </Card>
            ))}
          </Stack>
        </>
      )}
    </Stack>
  );
}

export const Route = createLazyRoute('/app/reports/schedules')({ component: SchedulesPage });
