import { Button, Card, Group, Loader, Select, SimpleGrid, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { createLazyRoute, useNavigate } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hasRole, isSecretariat, useMe } from '../auth/session';
import { ErrorAlert } from '../ui/error-alert';
import { DateText } from '../ui/format';
import { AnchorLink, ButtonLink } from '../ui/links';
import { ScrollTable, useWideScreen } from '../ui/scroll-table';
import { ConditionTable } from './gate-conditions';
import { DecisionBadge, GateStatusBadge } from './gate-parts';
import { GATE_STATUSES, gateConditionsQuery, type GateReview, gateReviewsQuery } from './gates.queries';
import type { GateListFilters } from './routes';
import './gates.texts';

function GateListPage() {
  const { t } = useTranslation('gates');
  const me = useMe();
  const filters = Route.useSearch() as GateListFilters;
  const navigate = useNavigate({ from: '/gates' });
  const setFilters = (change: Partial<GateListFilters>) => void navigate({ search: (prev: GateListFilters) => ({ ...prev, ...change }), replace: true });
  const [q, setQ] = useState(filters.q ?? '');
  const reviews = useQuery(gateReviewsQuery({ status: filters.status }));
  const wide = useWideScreen();
  const secretariat = isSecretariat(me);
  const ministry = hasRole(me, 'ministry_officer', 'ministry_supervisor') && !secretariat;
  const reviewer = hasRole(me, 'reviewer') && !secretariat;

  const items = useMemo(() => {
    const needle = (filters.q ?? '').toLowerCase();
    const all = reviews.data?.items ?? [];
    return needle ? all.filter((r) => `${r.subProject.code} ${r.subProject.name} ${r.gate.name}`.toLowerCase().includes(needle)) : all;
  }, [reviews.data, filters.q]);

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Title order={1}>{t('list.title')}</Title>
        {hasRole(me, 'coordinator') && (
          <ButtonLink to="/gates/new" search={{}} leftSection={<IconPlus size={16} aria-hidden />}>{t('list.schedule')}</ButtonLink>
        )}
      </Group>
      <Text>{ministry ? t('list.introMinistry') : reviewer ? t('list.introReviewer') : t('list.intro')}</Text>

      <form role="search" onSubmit={(e) => { e.preventDefault(); setFilters({ q: q.trim() || undefined }); }}>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <Select
            label={t('list.status')}
            data={[{ value: '', label: t('list.allStatuses') }, ...GATE_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))]}
            value={filters.status ?? ''}
            onChange={(v) => setFilters({ status: (v || undefined) as GateListFilters['status'] })}
            allowDeselect={false}
          />
          <TextInput label={t('list.search')} description={t('list.searchHint')} value={q} onChange={(e) => setQ(e.currentTarget.value)} name="q" />
          <Group align="flex-end">
            <Button type="submit" variant="light" leftSection={<IconSearch size={16} aria-hidden />}>{t('actions.search', { ns: 'common' })}</Button>
          </Group>
        </SimpleGrid>
      </form>

      <Text size="sm" aria-live="polite">{reviews.isPending ? t('states.loading', { ns: 'common' }) : t('list.count', { count: items.length })}</Text>
      <ErrorAlert error={reviews.error} />
      {reviews.isPending && <Loader size="sm" aria-label={t('states.loading', { ns: 'common' })} />}
      {reviews.isSuccess && items.length === 0 && <Text>{t('list.empty')}</Text>}
      {items.length > 0 && (wide ? <ReviewTable items={items} /> : <ReviewCards items={items} />)}

      <ConditionsSection />
    </Stack>
  );
}

function Scorecards({ review }: { review: GateReview }) {
  const { t } = useTranslation('gates');
  if (!review.reviewers) return <>{t('list.reviewerCount', { count: review.reviewerCount })}</>;
  const submitted = review.reviewers.filter((r) => r.scoresSubmittedAt).length;
  return <>{t('list.scorecardsValue', { submitted, assigned: review.reviewerCount })}</>;
}

function ReviewTable({ items }: { items: GateReview[] }) {
  const { t } = useTranslation('gates');
  return (
    <ScrollTable minWidth={860} label={t('list.table')}>
      <Table striped highlightOnHover verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('list.subProject')}</Table.Th>
            <Table.Th scope="col">{t('list.gate')}</Table.Th>
            <Table.Th scope="col">{t('list.scheduledFor')}</Table.Th>
            <Table.Th scope="col">{t('list.status')}</Table.Th>
            <Table.Th scope="col">{t('list.decision')}</Table.Th>
            <Table.Th scope="col">{t('list.scorecards')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td>
                <Text size="sm">{r.subProject.name}</Text>
                <Text size="xs" ff="monospace">{r.subProject.code}</Text>
              </Table.Td>
              <Table.Td><AnchorLink to="/gates/$id" params={{ id: r.id }}>{t('detail.gateSeq', { n: r.gate.seq })}・{r.gate.name}</AnchorLink></Table.Td>
              <Table.Td><Text size="sm"><DateText date={r.scheduledFor} /></Text></Table.Td>
              <Table.Td><GateStatusBadge status={r.status} /></Table.Td>
              <Table.Td><DecisionBadge decision={r.decision} /></Table.Td>
              <Table.Td><Text size="sm"><Scorecards review={r} /></Text></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

function ReviewCards({ items }: { items: GateReview[] }) {
  const { t } = useTranslation('gates');
  return (
    <Stack gap="sm" component="ul" aria-label={t('list.table')} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {items.map((r) => (
        <Card key={r.id} withBorder padding="sm" component="li">
          <AnchorLink to="/gates/$id" params={{ id: r.id }} fw={600}>{t('detail.gateSeq', { n: r.gate.seq })}・{r.gate.name}</AnchorLink>
          <Text size="sm">{r.subProject.name}</Text>
          <Text size="sm"><DateText date={r.scheduledFor} /></Text>
          <Group gap="xs" mt={4}><GateStatusBadge status={r.status} /><DecisionBadge decision={r.decision} /></Group>
          <Text size="xs" mt={4}><Scorecards review={r} /></Text>
        </Card>
      ))}
    </Stack>
  );
}

/** Conditions the caller may see: open ones first by default (the owner ministry closes its own here). */
function ConditionsSection() {
  const { t } = useTranslation('gates');
  const me = useMe();
  const [onlyOpen, setOnlyOpen] = useState(true);
  const conditions = useQuery(gateConditionsQuery({ status: onlyOpen ? 'open' : undefined }));
  const ministry = hasRole(me, 'ministry_officer', 'ministry_supervisor') && !isSecretariat(me);
  return (
    <Stack gap="sm" component="section" aria-labelledby="conditions-heading" mt="lg">
      <Title order={2} size="h3" id="conditions-heading">{t('conditions.listHeading')}</Title>
      <Text size="sm">{ministry ? t('conditions.listIntroMinistry') : t('conditions.listIntro')}</Text>
      <Switch label={t('conditions.onlyOpen')} checked={onlyOpen} onChange={(e) => setOnlyOpen(e.currentTarget.checked)} />
      <ErrorAlert error={conditions.error} />
      {conditions.isSuccess && <ConditionTable conditions={conditions.data.items} showReview />}
    </Stack>
  );
}

export const Route = createLazyRoute('/app/gates')({ component: GateListPage });
