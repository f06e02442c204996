import { Anchor, Badge, Card, Group, List, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { IconStar } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { createLazyRoute, Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { hasRole, useMe } from '../auth/session';
import { SubProjectStatusBadge } from '../ui/badges';
import { ErrorAlert } from '../ui/error-alert';
import { AnchorLink } from '../ui/links';
import { ScrollTable } from '../ui/scroll-table';
import { BudgetTable } from './budget-table';
import { useProgrammePeriod } from './programme-format';
import { type AxisTree, budgetSummaryQuery, type KeyResult, programmeTreeQuery } from './programmes.queries';
import './programmes.texts';

function ProgrammePage() {
  const { t } = useTranslation('programmes');
  const { code } = Route.useParams();
  const tree = useQuery(programmeTreeQuery(code));
  const budget = useQuery(budgetSummaryQuery(code));
  const period = useProgrammePeriod();
  const p = tree.data;

  if (tree.isPending) return <Loader size="sm" aria-label={t('common:states.loading')} />;
  if (!p) return <ErrorAlert error={tree.error} />;
  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Title order={1}>{p.name}</Title>
        {p.nameEn && <Text lang="en">{p.nameEn}</Text>}
        <Text>{period(p.period)}</Text>
        {p.parent && <Text size="sm">{t('parent')}：<Link to="/programmes/$code" params={{ code: p.parent.code }}>{p.parent.name}</Link></Text>}
        {p.overseer && <Text size="sm">{t('overseer')}：{p.overseer.name}</Text>}
        {p.approvedText && <Text size="sm">{t('approved', { text: p.approvedText })}</Text>}
        {p.sourceDocument && <Text size="sm">{t('source', { text: p.sourceDocument })}</Text>}
        <Group gap="md" mt={4}>
          <AnchorLink to="/roadmap" search={{ programme: p.code }}>{t('roadmapLink')}</AnchorLink>
          <AnchorLink to="/dashboard" search={{ programme: p.code }}>{t('dashboardLink')}</AnchorLink>
        </Group>
      </Stack>
      {p.summary && <Text style={{ whiteSpace: 'pre-line' }}>{p.summary}</Text>}

      <nav aria-label={t('contents')}>
        <Group gap="md">
          <Anchor href="#goals">{t('goals')}</Anchor>
          <Anchor href="#axes">{t('axes')}</Anchor>
          <Anchor href="#budget">{t('budget')}</Anchor>
          <Anchor href="#discrepancies">{t('discrepancies')}</Anchor>
        </Group>
      </nav>

      {p.children.length > 0 && (
        <section aria-labelledby="children-title">
          <Title order={2} size="h3" id="children-title">{t('children')}</Title>
          <List>{p.children.map((c) => <List.Item key={c.code}><Link to="/programmes/$code" params={{ code: c.code }}>{c.name}</Link></List.Item>)}</List>
        </section>
      )}

      <section aria-labelledby="goals">
        <Title order={2} size="h3" id="goals">{t('goals')}</Title>
        <KeyResults items={p.keyResults} label={t('programmeKeyResultsTable')} />
      </section>

      <section aria-labelledby="axes">
        <Title order={2} size="h3" id="axes">{t('axes')}</Title>
        <Text size="sm">{t('marksLegend')}</Text>
        <Stack gap="md" mt="sm">
          {p.axes.map((a) => <AxisSection key={a.code} axis={a} />)}
        </Stack>
      </section>

      <section aria-labelledby="budget">
        <Title order={2} size="h3" id="budget">{t('budget')}</Title>
        <ErrorAlert error={budget.error} />
        {budget.isPending && <Loader size="xs" aria-label={t('common:states.loading')} />}
        {budget.data && (budget.data.cells.length ? <BudgetTable budget={budget.data} /> : <Text>{t('budgetNone')}</Text>)}
      </section>

      <section aria-labelledby="discrepancies">
        <Title order={2} size="h3" id="discrepancies">{t('discrepancies')}</Title>
        {p.discrepancies.length === 0 && <Text>{t('discrepanciesNone')}</Text>}
        <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {p.discrepancies.map((d) => (
            <Card component="li" key={d.code} withBorder padding="sm">
              <Text size="sm" fw={600}>{t('subject', { subject: d.subject })}</Text>
              <Text size="sm" style={{ whiteSpace: 'pre-line' }}>{d.text}</Text>
              {d.sources.length > 0 && <Text size="sm" c="dimmed">{t('sources', { sources: d.sources.join('、') })}</Text>}
            </Card>
          ))}
        </Stack>
      </section>

      {p.notes.length > 0 && (
        <section aria-labelledby="notes-title">
          <Title order={2} size="h3" id="notes-title">{t('notes')}</Title>
          <List>{p.notes.map((n, i) => <List.Item key={i}>{n}</List.Item>)}</List>
        </section>
      )}
    </Stack>
  );
}

function KeyResults({ items, label }: { items: KeyResult[]; label: string }) {
  const { t } = useTranslation('programmes');
  if (!items.length) return <Text size="sm">{t('noKeyResults')}</Text>;
  const year = (y: { roc: number; ad: number } | null) => (y ? `${t('rocYearShort', { roc: y.roc })}（${y.ad}）` : t('wholePeriod'));
  return (
    <ScrollTable minWidth={720} label={label}>
      <Table striped verticalSpacing="xs" aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('indicator')}</Table.Th>
            <Table.Th scope="col">{t('organisations')}</Table.Th>
            <Table.Th scope="col">{t('targets')}</Table.Th>
            <Table.Th scope="col">{t('actuals')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((k) => (
            <Table.Tr key={k.code}>
              <Table.Td>{k.text}</Table.Td>
              <Table.Td>{k.organisations.map((o) => o.name).join('、') || t('none')}</Table.Td>
              <Table.Td>
                {k.targets.length === 0 ? t('none') : (
                  <List size="sm" spacing={0}>
                    {k.targets.map((x, i) => (
                      <List.Item key={i}>
                        {t('targetLine', { year: year(x.year), comparator: t(`comparator.${x.comparator}`), value: x.value ?? '', unit: k.unit ? ` ${k.unit}` : '' })}
                        {x.note ? `（${x.note}）` : ''}
                      </List.Item>
                    ))}
                  </List>
                )}
              </Table.Td>
              <Table.Td>
                {k.actuals.length === 0 ? t('noActuals') : (
                  <List size="sm" spacing={0}>
                    {k.actuals.map((a) => (
                      <List.Item key={a.year.ad}>{t('actualLine', { year: year(a.year), value: a.value, unit: k.unit ? ` ${k.unit}` : '', count: a.subProjects })}</List.Item>
                    ))}
                  </List>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

function AxisSection({ axis }: { axis: AxisTree }) {
  const { t } = useTranslation('programmes');
  const me = useMe();
  const period = useProgrammePeriod();
  const categoryName = new Map(axis.categories.map((c) => [c.code, c.name]));
  const scoped = !hasRole(me, 'coordinator', 'admin', 'viewer', 'reviewer');
  const id = `axis-${axis.seq}`;
  return (
    <Card withBorder padding="md" component="section" aria-labelledby={id}>
      <Title order={3} size="h4" id={id}>{t('axisTitle', { seq: axis.seq, name: axis.name })}</Title>
      {axis.goal && <Text size="sm" mt={4}>{t('goal', { goal: axis.goal })}</Text>}
      {axis.description && <Text size="sm" mt={4} style={{ whiteSpace: 'pre-line' }}>{axis.description}</Text>}

      <Title order={4} size="h5" mt="sm">{t('keyResults')}</Title>
      <KeyResults items={axis.keyResults} label={t('keyResultsTable', { seq: axis.seq })} />

      {axis.focusAreas.length > 0 && (
        <>
          <Title order={4} size="h5" mt="sm">{t('focusAreas')}</Title>
          <Text size="sm">{t('focusAreasHint')}</Text>
          <List size="sm" mt={4} spacing={4}>
            {axis.focusAreas.map((f) => (
              <List.Item key={f.code}>
                <Text size="sm" fw={600} span>{f.name}</Text>
                <Text size="sm">
                  {t('responsible', { names: f.organisations.map((o) => (o.note ? `${o.name}（${o.note}）` : o.name)).join('、') || t('none') })}
                </Text>
                {f.responsibleText && <Text size="sm" c="dimmed">{t('responsibleAsPrinted', { text: f.responsibleText })}</Text>}
              </List.Item>
            ))}
          </List>
        </>
      )}

      <Title order={4} size="h5" mt="sm">{t('subProjectsTitle', { count: axis.subProjects.length })}</Title>
      {scoped && <Text size="sm">{t('subProjectsScoped')}</Text>}
      {axis.subProjects.length === 0 ? <Text size="sm">{t('noSubProjects')}</Text> : (
        <ScrollTable minWidth={760} label={t('subProjectsTable', { seq: axis.seq })}>
          <Table striped verticalSpacing="xs" aria-label={t('subProjectsTable', { seq: axis.seq })}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('name')}</Table.Th>
                <Table.Th scope="col">{t('lead')}</Table.Th>
                <Table.Th scope="col">{t('period')}</Table.Th>
                <Table.Th scope="col">{t('marks')}</Table.Th>
                <Table.Th scope="col">{t('status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {axis.subProjects.map((s) => (
                <Table.Tr key={s.code}>
                  <Table.Td>
                    <Link to="/sub-projects/$code" params={{ code: s.code }}>{s.name}</Link>
                    {s.isFlagship && (
                      <Badge ml={6} variant="outline" radius="sm" leftSection={<IconStar size={12} aria-hidden />} styles={{ root: { textTransform: 'none', color: '#0b3d6b', borderColor: '#1c7ed6' } }}>
                        {t('flagship')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{s.lead?.name ?? s.leadText ?? t('none')}</Table.Td>
                  <Table.Td>{period(s.period)}</Table.Td>
                  <Table.Td>
                    {s.marks.length === 0 ? t('noMarks') : (
                      <List size="sm" spacing={0}>
                        {s.marks.map((m) => (
                          <List.Item key={m.category}>
                            {t(m.mark === 'main' ? 'markMain' : 'markInvolved', { category: categoryName.get(m.category) ?? m.category })}
                          </List.Item>
                        ))}
                      </List>
                    )}
                  </Table.Td>
                  <Table.Td><SubProjectStatusBadge status={s.status} /></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Card>
  );
}

export const Route = createLazyRoute('/app/programmes/$code')({ component: ProgrammePage });
