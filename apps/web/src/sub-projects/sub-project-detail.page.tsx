import { Alert, Card, Group, List, Loader, SimpleGrid, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { createLazyRoute, Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { hasRole, useMe } from '../auth/session';
import { LightBadge, MilestoneStatusBadge, SubProjectStatusBadge } from '../ui/badges';
import { ErrorAlert } from '../ui/error-alert';
import { DateText, FormatAmount, useFormatInstant } from '../ui/format';
import { AcknowledgeButton, AddMilestoneButton, AssignButton, OverrideLightButtons, TransitionButtons } from './sub-project-actions';
import { PeriodText } from './sub-project-format';
import { assignmentsQuery, type StatusLight, type SubProjectDetail, subProjectLightsQuery, subProjectQuery } from './sub-project.queries';
import './sub-projects.texts';
import { ScrollTable } from '../ui/scroll-table';
import { SubProjectGates } from '../gates/sub-project-gates';
import { ExportMenu } from '../exports/export-menu';

function Section({ title, children, id, actions }: { title: string; children: ReactNode; id: string; actions?: ReactNode }) {
  return (
    <Card withBorder p={{ base: "sm", sm: "md" }} component="section" aria-labelledby={id}>
      <Group justify="space-between" align="flex-start" wrap="wrap" mb="sm">
        <Title order={2} size="h3" id={id}>{title}</Title>
        {actions}
      </Group>
      {children}
    </Card>
  );
}

function SubProjectDetailPage() {
  const { t } = useTranslation('subProjects');
  const { code } = Route.useParams();
  const detail = useQuery(subProjectQuery(code));
  const me = useMe();

  if (detail.isPending) return <Loader aria-label={t('common:states.loading')} />;
  if (detail.isError) {
    return (
      <Stack>
        <Title order={1}>{code}</Title>
        <ErrorAlert error={detail.error} />
      </Stack>
    );
  }
  const sp = detail.data;
  const reload = () => void detail.refetch();
  const coordinator = hasRole(me, 'coordinator', 'admin');
  const mayAcknowledge = sp.status === 'assigned' && sp.callerPart === 'lead' && hasRole(me, 'ministry_officer', 'ministry_supervisor');

  return (
    <Stack gap="md">
      <Stack gap={4}>
        <Text size="sm"><Link to="/sub-projects">{t('list.title')}</Link> › {sp.programme.name}</Text>
        <Title order={1}>{sp.name}</Title>
        <Group gap="xs" wrap="wrap">
          <Text size="sm" ff="monospace">{t('detail.code', { code: sp.code })}</Text>
          <SubProjectStatusBadge status={sp.status} />
          <LightBadge light={sp.light?.colour} overridden={sp.light?.overridden} />
          {sp.isFlagship && <Text size="sm">{t('detail.flagship')}</Text>}
        </Group>
        {sp.nameAsPrinted && sp.nameAsPrinted !== sp.name && <Text size="sm">{t('detail.nameAsPrinted', { name: sp.nameAsPrinted })}</Text>}
      </Stack>

      {sp.callerPart && <Alert color="blue" variant="outline" styles={{ message: { color: '#0b3d6b' } }}>{t(`detail.yourPart.${sp.callerPart}`)}</Alert>}

      {(coordinator || mayAcknowledge) && (
        <Card withBorder p={{ base: "sm", sm: "md" }} component="section" aria-labelledby="sp-actions">
          <Title order={2} size="h3" id="sp-actions" mb="sm">{t('detail.actions')}</Title>
          <Group gap="xs" wrap="wrap">
            {mayAcknowledge && <AcknowledgeButton sp={sp} onReload={reload} />}
            {coordinator && (
              <>
                <AssignButton sp={sp} onReload={reload} />
                <TransitionButtons sp={sp} onReload={reload} />
                <AddMilestoneButton sp={sp} onReload={reload} />
              </>
            )}
          </Group>
        </Card>
      )}

      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Organisations sp={sp} />
        <Section title={t('detail.period')} id="sp-period">
          <Text><PeriodText period={sp.period} /></Text>
          {sp.period.text && <Text size="sm" c="dimmed">{t('period.asPrinted', { text: sp.period.text })}</Text>}
          {sp.measures && <><Title order={3} size="h5" mt="sm">{t('detail.measures')}</Title><Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{sp.measures}</Text></>}
          {sp.fullTermTarget && <><Title order={3} size="h5" mt="sm">{t('detail.fullTermTarget')}</Title><Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{sp.fullTermTarget}</Text></>}
          {sp.remarks && <><Title order={3} size="h5" mt="sm">{t('detail.remarks')}</Title><Text size="sm">{sp.remarks}</Text></>}
        </Section>
      </SimpleGrid>

      <Lights sp={sp} onReload={reload} coordinator={coordinator} />
      <Axes sp={sp} />
      <Milestones sp={sp} />
      {sp.isFlagship && <SubProjectGates code={sp.code} />}
      <Indicators sp={sp} />
      <Budget sp={sp} />
      <Assignments code={sp.code} />
      <Section title={t('detail.discrepancies')} id="sp-discrepancies">
        {sp.discrepancies.length === 0 ? <Text size="sm">{t('detail.noDiscrepancies')}</Text> : (
          <List spacing="xs">
            {sp.discrepancies.map((d) => (
              <List.Item key={d.code}>
                <Text size="sm">{d.text}</Text>
                {d.sources.length > 0 && <Text size="xs" c="dimmed">{t('detail.sources', { sources: d.sources.join('、') })}</Text>}
              </List.Item>
            ))}
          </List>
        )}
      </Section>
    </Stack>
  );
}

function Organisations({ sp }: { sp: SubProjectDetail }) {
  const { t } = useTranslation('subProjects');
  const none = t('detail.none');
  return (
    <Section title={t('detail.organisations')} id="sp-orgs">
      <Table withRowBorders={false} verticalSpacing={4}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col"><VisuallyHidden>{t('detail.organisations')}</VisuallyHidden></Table.Th>
            <Table.Th scope="col">{t('detail.resolved')}</Table.Th>
            <Table.Th scope="col">{t('detail.asPrinted')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          <Table.Tr>
            <Table.Th scope="row">{t('glossary:lead')}</Table.Th>
            <Table.Td>{sp.lead ? sp.lead.name : none}</Table.Td>
            <Table.Td>{sp.leadText ?? none}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">{t('glossary:coOrganiser')}</Table.Th>
            <Table.Td>{sp.coOrganisers.length ? sp.coOrganisers.map((o) => o.name).join('、') : none}</Table.Td>
            <Table.Td>{sp.coOrganisersText ?? none}</Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
    </Section>
  );
}

function reasonText(reason: { zh: string; en: string }, language: string): string {
  return language === 'en' ? reason.en : reason.zh;
}

function Lights({ sp, onReload, coordinator }: { sp: SubProjectDetail; onReload: () => void; coordinator: boolean }) {
  const { t, i18n } = useTranslation('subProjects');
  const formatInstant = useFormatInstant();
  const lights = useQuery(subProjectLightsQuery(sp.code));
  const current: StatusLight | undefined = lights.data?.lights.find((l) => l.period === sp.currentPeriod);
  const earlier = lights.data?.lights.filter((l) => l.period !== sp.currentPeriod) ?? [];
  return (
    <Section title={t('detail.light')} id="sp-light">
      <ErrorAlert error={lights.error} />
      <Stack gap="xs">
        <Group gap="xs" wrap="wrap">
          <Text fw={600}>{t('detail.lightPeriod', { period: sp.currentPeriod })}</Text>
          {/* Only once the lights are read: a badge while loading would say 尚無燈號 of a period that has one. */}
          {lights.isSuccess && <LightBadge light={current?.colour} overridden={!!current?.overridden} />}
        </Group>
        {lights.isSuccess && !current && <Text size="sm">{t('detail.lightNoneYet', { period: sp.currentPeriod })}</Text>}
        {current?.overridden && (
          <Text size="sm">
            {t('detail.overriddenBy', {
              colour: t(`common:light.${current.overridden.colour}`), name: current.overridden.by?.displayName ?? '—',
              at: formatInstant(current.overridden.at), justification: current.overridden.justification,
            })}
          </Text>
        )}
        {current && (
          <>
            <Text size="sm">{t('detail.computed', { colour: t(`common:light.${current.computedColour}`) })}</Text>
            <Title order={3} size="h5">{t('detail.lightReasons')}</Title>
            <List size="sm" spacing={2}>
              {current.reasons.map((r) => <List.Item key={r.code}>{reasonText(r, i18n.language)}</List.Item>)}
            </List>
          </>
        )}
        {coordinator && (
          <Group gap="xs"><OverrideLightButtons sp={sp} period={sp.currentPeriod} overridden={!!current?.overridden} onReload={onReload} /></Group>
        )}
        {earlier.length > 0 && (
          <>
            <Title order={3} size="h5" mt="xs">{t('detail.lightHistory')}</Title>
            <List size="sm" spacing={4}>
              {earlier.map((l) => (
                <List.Item key={l.period}>
                  <Group gap="xs" wrap="wrap">
                    <Text size="sm" fw={600}>{l.period}</Text>
                    <LightBadge light={l.colour} overridden={!!l.overridden} />
                    <Text size="sm">{l.reasons.map((r) => reasonText(r, i18n.language)).join('；')}</Text>
                  </Group>
                </List.Item>
              ))}
            </List>
          </>
        )}
      </Stack>
    </Section>
  );
}

function Axes({ sp }: { sp: SubProjectDetail }) {
  const { t } = useTranslation('subProjects');
  return (
    <Section title={t('detail.axes')} id="sp-axes">
      <Text size="sm" mb="xs">{t('detail.axesHint')}</Text>
      <Stack gap="sm">
        {sp.axisLinks.map((a) => (
          <div key={a.code}>
            <Text fw={600}>{t('detail.axisTitle', { seq: a.seq, name: a.name })}</Text>
            {a.source && <Text size="xs" c="dimmed">{t('detail.source', { source: a.source })}</Text>}
            {a.marks.length === 0 ? <Text size="sm">{t('detail.noMarks')}</Text> : (
              <Table.ScrollContainer minWidth={280}>
                <Table layout="fixed" verticalSpacing={4} aria-label={`${t('detail.axis')} ${a.seq}`}>
                  <Table.Thead>
                    <Table.Tr><Table.Th scope="col">{t('detail.category')}</Table.Th><Table.Th scope="col">{t('detail.mark')}</Table.Th></Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {a.marks.map((m) => (
                      <Table.Tr key={m.category}>
                        <Table.Td>{m.categoryName}</Table.Td>
                        <Table.Td>{m.mark === 'main' ? t('detail.markMain') : t('detail.markInvolved')}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </div>
        ))}
      </Stack>
    </Section>
  );
}

function Milestones({ sp }: { sp: SubProjectDetail }) {
  const { t } = useTranslation('subProjects');
  return (
    <Section title={t('detail.milestones')} id="sp-milestones" actions={sp.milestones.length > 0 && <ExportMenu list="milestones" filters={{ subProject: sp.code }} />}>
      {sp.milestones.length === 0 ? <Text size="sm">{t('detail.noMilestones')}</Text> : (
        <ScrollTable minWidth={560} labelledBy="sp-milestones">
          <Table verticalSpacing="xs" aria-labelledby="sp-milestones">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('detail.deliverable')}</Table.Th>
                <Table.Th scope="col">{t('detail.dueDate')}</Table.Th>
                <Table.Th scope="col">{t('detail.milestoneStatus')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sp.milestones.map((m) => (
                <Table.Tr key={m.code}>
                  <Table.Td><Link to="/milestones/$code" params={{ code: m.code }}>{m.deliverable}</Link></Table.Td>
                  <Table.Td><DateText date={m.dueDate} /></Table.Td>
                  <Table.Td><MilestoneStatusBadge status={m.status} overdue={m.overdue} /></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Section>
  );
}

function Indicators({ sp }: { sp: SubProjectDetail }) {
  const { t } = useTranslation('subProjects');
  return (
    <Section title={t('detail.indicators')} id="sp-indicators">
      {sp.indicators.length === 0 ? <Text size="sm">{t('detail.noIndicators')}</Text> : (
        <ScrollTable minWidth={560} labelledBy="sp-indicators">
          <Table verticalSpacing="xs" aria-labelledby="sp-indicators">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('detail.indicator')}</Table.Th>
                <Table.Th scope="col">{t('detail.targets')}</Table.Th>
                <Table.Th scope="col">{t('detail.actual')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sp.indicators.map((i) => (
                <Table.Tr key={i.code}>
                  <Table.Td>{i.text}</Table.Td>
                  <Table.Td>
                    {i.targets.length === 0 ? '—' : i.targets.map((target, n) => (
                      <Text size="sm" key={n}>
                        {target.year ? t('detail.targetYear', { roc: target.year.roc, ad: target.year.ad }) : ''}{t(`detail.comparator.${target.comparator}`, { defaultValue: '' })}{target.value ?? '—'}{i.unit ? ` ${i.unit}` : ''}
                        {target.note ? `（${target.note}）` : ''}
                      </Text>
                    ))}
                  </Table.Td>
                  <Table.Td>
                    {i.actual ? <Text size="sm">{i.actual.value}{i.unit ? ` ${i.unit}` : ''}{t('detail.actualFrom', { period: i.actual.period })}</Text> : <Text size="sm">{t('detail.noActual')}</Text>}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Section>
  );
}

function Budget({ sp }: { sp: SubProjectDetail }) {
  const { t } = useTranslation('subProjects');
  return (
    <Section title={t('detail.budget')} id="sp-budget">
      {sp.budget.length === 0 ? <Text size="sm">{t('detail.noBudget')}</Text> : (
        <ScrollTable minWidth={520} labelledBy="sp-budget">
          <Table verticalSpacing="xs" aria-labelledby="sp-budget">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('detail.year')}</Table.Th>
                <Table.Th scope="col">{t('detail.kind')}</Table.Th>
                <Table.Th scope="col" ta="right">{t('detail.allocated')}</Table.Th>
                <Table.Th scope="col" ta="right">{t('detail.executed')}</Table.Th>
                <Table.Th scope="col" ta="right">{t('detail.rate')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sp.budget.map((b) => (
                <Table.Tr key={`${b.year.ad}-${b.kind}`}>
                  <Table.Td>{t('list.rocYearOption', { roc: b.year.roc, ad: b.year.ad })}</Table.Td>
                  <Table.Td>{b.kind === 'new' ? t('detail.kindNew') : t('detail.kindExisting')}</Table.Td>
                  <Table.Td ta="right"><FormatAmount value={b.allocated} /></Table.Td>
                  <Table.Td ta="right"><FormatAmount value={b.executed} /></Table.Td>
                  <Table.Td ta="right">{b.executionRate ? `${b.executionRate}%` : '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Section>
  );
}

function Assignments({ code }: { code: string }) {
  const { t } = useTranslation('subProjects');
  const formatInstant = useFormatInstant();
  const history = useQuery(assignmentsQuery(code));
  return (
    <Section title={t('detail.assignments')} id="sp-assignments">
      <ErrorAlert error={history.error} />
      {history.isSuccess && history.data.length === 0 && <Text size="sm">{t('detail.noAssignments')}</Text>}
      {history.isSuccess && history.data.length > 0 && (
        <ScrollTable minWidth={640} labelledBy="sp-assignments">
          <Table verticalSpacing="xs" aria-labelledby="sp-assignments">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('glossary:lead')}</Table.Th>
                <Table.Th scope="col">{t('glossary:coOrganiser')}</Table.Th>
                <Table.Th scope="col">{t('detail.assignedAt')}</Table.Th>
                <Table.Th scope="col">{t('detail.reason')}</Table.Th>
                <Table.Th scope="col">{t('detail.acknowledged')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {history.data.map((a, n) => (
                <Table.Tr key={a.id ?? `plan-${n}`}>
                  <Table.Td>
                    {a.lead.name}
                    <Text size="xs" c="dimmed">{a.current ? t('detail.current') : a.endedAt ? t('detail.ended', { at: formatInstant(a.endedAt) }) : ''}</Text>
                  </Table.Td>
                  <Table.Td>{a.coOrganisers.length ? a.coOrganisers.map((o) => o.name).join('、') : t('detail.none')}</Table.Td>
                  <Table.Td>
                    {formatInstant(a.assignedAt)}
                    <Text size="xs" c="dimmed">{a.assignedBy ? a.assignedBy.displayName : t('detail.fromPlan')}</Text>
                  </Table.Td>
                  <Table.Td>{a.reason ?? '—'}</Table.Td>
                  <Table.Td>{a.acknowledgedAt ? `${formatInstant(a.acknowledgedAt)}${a.acknowledgedBy ? ` ${a.acknowledgedBy.displayName}` : ''}` : t('detail.notYet')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Section>
  );
}

export const Route = createLazyRoute('/app/sub-projects/$code')({ component: SubProjectDetailPage });
