import { ActionIcon, Alert, Button, Group, List, MultiSelect, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api, type Schemas, unwrap } from '../api/client';
import { SubProjectStatusBadge } from '../ui/badges';
import { ErrorAlert } from '../ui/error-alert';
import { AnchorLink } from '../ui/links';
import { ScrollTable } from '../ui/scroll-table';
import { SetupStatusBadge } from './programme-list.page';
import { EXACT, organisationsQuery, SETUP_KEY, setupDetailQuery, YEAR } from './programme-setup.queries';
import './programme-setup.texts';

type Setup = Schemas['ProgrammeSetupDto'];
type Axis = Setup['axes'][number];

/** Every write answers the whole setup: put it in the cache so the page shows what was stored. */
function useSetupWrite<V>(code: string, call: (v: V) => Promise<Setup>, onDone?: () => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: (data) => {
      queryClient.setQueryData(setupDetailQuery(code).queryKey, data);
      void queryClient.invalidateQueries({ queryKey: [...SETUP_KEY, 'list'] });
      onDone?.();
    },
  });
}

function NameForm({ label, submit, onSubmit, pending, error }: {
  label: string; submit: string; onSubmit: (name: string) => void; pending: boolean; error: unknown;
}) {
  const { t } = useTranslation('programmeSetup');
  const form = useForm({ initialValues: { name: '' }, validate: { name: (v) => (v.trim() ? null : t('form.required')) } });
  return (
    <form noValidate onSubmit={form.onSubmit((v) => { onSubmit(v.name.trim()); form.reset(); })}>
      <Stack gap="xs">
        <Group align="flex-end" gap="xs" wrap="wrap">
          <TextInput label={label} required style={{ flex: '1 1 12rem' }} {...form.getInputProps('name')} />
          <Button type="submit" variant="light" loading={pending}>{submit}</Button>
        </Group>
        <ErrorAlert error={error} />
      </Stack>
    </form>
  );
}

function FocusAreaForm({ code, axis, organisationOptions }: { code: string; axis: Axis; organisationOptions: { value: string; label: string }[] }) {
  const { t } = useTranslation('programmeSetup');
  const form = useForm({ initialValues: { name: '', organisations: [] as string[] }, validate: { name: (v) => (v.trim() ? null : t('form.required')) } });
  const add = useSetupWrite(code, (v: typeof form.values) => unwrap(api.POST('/api/programme-setup/axes/{code}/focus-areas', {
    params: { path: { code: axis.code } }, body: { name: v.name.trim(), organisations: v.organisations },
  })), () => form.reset());
  return (
    <form noValidate onSubmit={form.onSubmit((v) => add.mutate(v))}>
      <Stack gap="xs">
        <TextInput label={t('detail.focusAreaName')} required {...form.getInputProps('name')} />
        <MultiSelect label={t('detail.organisations')} data={organisationOptions} searchable {...form.getInputProps('organisations')} />
        <ErrorAlert error={add.error} />
        <Group><Button type="submit" variant="light" loading={add.isPending}>{t('detail.addFocusArea')}</Button></Group>
      </Stack>
    </form>
  );
}

function AxisSection({ code, axis, editable, organisationOptions, names }: {
  code: string; axis: Axis; editable: boolean; organisationOptions: { value: string; label: string }[]; names: Map<string, string>;
}) {
  const { t } = useTranslation('programmeSetup');
  const addCategory = useSetupWrite(code, (name: string) => unwrap(api.POST('/api/programme-setup/axes/{code}/categories', { params: { path: { code: axis.code } }, body: { name } })));
  const headingId = `axis-${axis.code}`;
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby={headingId}>
      <Title order={3} size="h5" id={headingId}>{axis.seq}. {axis.name}</Title>
      {axis.goal && <Text size="sm" mt={4}>{axis.goal}</Text>}
      <Title order={4} size="h6" mt="sm">{t('detail.categories')}</Title>
      {axis.categories.length ? (
        <List size="sm">{axis.categories.map((c) => <List.Item key={c.code}>{c.name}</List.Item>)}</List>
      ) : <Text size="sm">{t('detail.noCategories')}</Text>}
      {editable && (
        <NameForm label={t('detail.categoryName')} submit={t('detail.addCategory')} onSubmit={(n) => addCategory.mutate(n)} pending={addCategory.isPending} error={addCategory.error} />
      )}
      <Title order={4} size="h6" mt="sm">{t('detail.focusAreas')}</Title>
      {axis.focusAreas.length ? (
        <List size="sm">
          {axis.focusAreas.map((f) => (
            <List.Item key={f.code}>{f.name}{f.organisations.length ? `（${f.organisations.map((o) => names.get(o) ?? o).join('、')}）` : f.responsibleText ? `（${f.responsibleText}）` : ''}</List.Item>
          ))}
        </List>
      ) : <Text size="sm">{t('detail.noFocusAreas')}</Text>}
      {editable && <FocusAreaForm code={code} axis={axis} organisationOptions={organisationOptions} />}
    </Paper>
  );
}

interface TargetRow { year: string; value: string }

function KeyResultForm({ setup }: { setup: Setup }) {
  const { t } = useTranslation('programmeSetup');
  const form = useForm({
    initialValues: { text: '', axis: null as string | null, unit: '', targets: [{ year: String(setup.startYear), value: '' }] as TargetRow[] },
    validate: {
      text: (v) => (v.trim() ? null : t('form.required')),
      targets: { year: (v) => (!v || YEAR.test(v) ? null : t('form.yearInvalid')), value: (v) => (EXACT.test(v.trim()) ? null : t('detail.valueInvalid')) },
    },
  });
  const add = useSetupWrite(setup.code, (v: typeof form.values) => unwrap(api.POST('/api/programme-setup/programmes/{code}/indicators', {
    params: { path: { code: setup.code } },
    body: { text: v.text.trim(), axis: v.axis, unit: v.unit.trim() || null, targets: v.targets.map((r) => ({ year: r.year ? Number(r.year) : null, value: r.value.trim() })) },
  })), () => form.reset());
  return (
    <form noValidate onSubmit={form.onSubmit((v) => add.mutate(v), () => undefined)} aria-labelledby="add-kr">
      <Stack gap="xs">
        <Title order={3} size="h5" id="add-kr">{t('detail.addKeyResult')}</Title>
        <TextInput label={t('detail.krText')} required {...form.getInputProps('text')} />
        <Group grow align="flex-start">
          <Select label={t('detail.krAxis')} placeholder={t('detail.krWholeProgramme')} clearable data={setup.axes.map((a) => ({ value: a.code, label: `${a.seq}. ${a.name}` }))} {...form.getInputProps('axis')} />
          <TextInput label={t('detail.unit')} {...form.getInputProps('unit')} />
        </Group>
        <Text size="sm" fw={600}>{t('detail.targets')}</Text>
        {form.values.targets.map((_, i) => (
          <Group key={i} align="flex-end" gap="xs" wrap="wrap">
            <TextInput label={t('detail.targetYear')} inputMode="numeric" w={110} {...form.getInputProps(`targets.${i}.year`)} />
            <TextInput label={t('detail.targetValue')} description={i === 0 ? t('detail.targetValueHint') : undefined} inputMode="decimal" style={{ flex: '1 1 10rem' }} {...form.getInputProps(`targets.${i}.value`)} />
            {form.values.targets.length > 1 && (
              <ActionIcon variant="default" size="lg" aria-label={t('detail.removeTarget', { n: i + 1 })} onClick={() => form.removeListItem('targets', i)}><IconTrash aria-hidden size={16} /></ActionIcon>
            )}
          </Group>
        ))}
        <Group>
          <Button variant="subtle" onClick={() => form.insertListItem('targets', { year: '', value: '' })}>{t('detail.addTarget')}</Button>
        </Group>
        <ErrorAlert error={add.error} />
        <Group><Button type="submit" variant="light" loading={add.isPending}>{t('detail.addKeyResult')}</Button></Group>
      </Stack>
    </form>
  );
}

function ProgrammeSetupPage() {
  const { t } = useTranslation('programmeSetup');
  const { code } = Route.useParams();
  const setup = useQuery(setupDetailQuery(code));
  const organisations = useQuery(organisationsQuery);
  const addAxis = useSetupWrite(code, (name: string) => unwrap(api.POST('/api/programme-setup/programmes/{code}/axes', { params: { path: { code } }, body: { name } })));
  const finish = useSetupWrite(code, () => unwrap(api.POST('/api/programme-setup/programmes/{code}/finish', { params: { path: { code } } })));
  const names = new Map((organisations.data ?? []).map((o) => [o.code, o.name]));
  const organisationOptions = (organisations.data ?? []).map((o) => ({ value: o.code, label: o.name }));
  if (setup.error) return <Stack><AnchorLink to="/programme-setup">{t('detail.back')}</AnchorLink><ErrorAlert error={setup.error} /></Stack>;
  const p = setup.data;
  if (!p) return null;
  const editable = p.status === 'setting_up';
  return (
    <Stack gap="md">
      <AnchorLink to="/programme-setup">{t('detail.back')}</AnchorLink>
      <Group gap="sm" wrap="wrap"><Title order={1}>{p.name}</Title><SetupStatusBadge status={p.status} /></Group>
      <Paper withBorder p="md" radius="md" component="section" aria-labelledby="basics">
        <Title order={2} size="h4" id="basics" mb="xs">{t('detail.basics')}</Title>
        <Text size="sm">{p.code} · {p.startYear}–{p.endYear ?? ''}{p.parent ? ` · ${t('form.parent')}：${p.parent}` : ''}{p.overseerName ? ` · ${t('form.overseer')}：${p.overseerName}` : ''}</Text>
        {p.copiedFrom && <Text size="sm">{t('detail.copiedFrom', { code: p.copiedFrom })}</Text>}
        {p.notes.length > 0 && (
          <Alert mt="sm" variant="light" color="gray" title={t('detail.notes')}>{p.notes.map((n) => <Text key={n} size="sm">{n}</Text>)}</Alert>
        )}
        {!editable && <Text size="sm" mt="sm">{t('detail.readOnly')}</Text>}
        {editable && (
          <Stack gap={4} mt="sm">
            <Group><Button variant="default" onClick={() => finish.mutate(undefined)} loading={finish.isPending}>{t('detail.finish')}</Button></Group>
            <Text size="xs" c="#495057">{t('detail.finishHint')}</Text>
            <ErrorAlert error={finish.error} />
          </Stack>
        )}
      </Paper>

      <Stack gap="sm" component="section" aria-labelledby="axes">
        <Title order={2} size="h4" id="axes">{t('detail.axes')}</Title>
        {p.axes.length === 0 && <Text size="sm">{t('detail.noAxes')}</Text>}
        {p.axes.map((a) => <AxisSection key={a.code} code={code} axis={a} editable={editable} organisationOptions={organisationOptions} names={names} />)}
        {editable && (
          <Paper withBorder p="md" radius="md">
            <NameForm label={t('detail.axisName')} submit={t('detail.addAxis')} onSubmit={(n) => addAxis.mutate(n)} pending={addAxis.isPending} error={addAxis.error} />
          </Paper>
        )}
      </Stack>

      <Paper withBorder p="md" radius="md" component="section" aria-labelledby="key-results">
        <Title order={2} size="h4" id="key-results" mb="xs">{t('detail.keyResults')}</Title>
        {p.indicators.length === 0 ? <Text size="sm">{t('detail.noKeyResults')}</Text> : (
          <List size="sm" spacing={4}>
            {p.indicators.map((i) => (
              <List.Item key={i.code}>
                {i.text}{i.unit ? `（${i.unit}）` : ''}
                {i.targets.length > 0 && (
                  <Text size="sm" c="#343a40">{i.targets.map((tg) => `${tg.year ?? t('detail.wholePeriod')}：${tg.value ?? ''}`).join('；')}</Text>
                )}
              </List.Item>
            ))}
          </List>
        )}
        {editable && <Stack mt="md"><KeyResultForm setup={p} /></Stack>}
      </Paper>

      <Stack gap="xs" component="section" aria-labelledby="sub-projects">
        <Title order={2} size="h4" id="sub-projects">{t('detail.subProjects')}（{p.subProjects.length}）</Title>
        {p.subProjects.length === 0 ? <Text size="sm">{t('detail.noSubProjects')}</Text> : (
          <ScrollTable minWidth={640} labelledBy="sub-projects">
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('detail.spCode')}</Table.Th>
                  <Table.Th scope="col">{t('detail.spName')}</Table.Th>
                  <Table.Th scope="col">{t('detail.spLead')}</Table.Th>
                  <Table.Th scope="col">{t('detail.spStatus')}</Table.Th>
                  <Table.Th scope="col">{t('detail.spMilestones')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {p.subProjects.map((s) => (
                  <Table.Tr key={s.code}>
                    <Table.Td>{s.code}</Table.Td>
                    <Table.Td>{s.name}</Table.Td>
                    <Table.Td>{s.lead ?? ''}</Table.Td>
                    <Table.Td><SubProjectStatusBadge status={s.status} /></Table.Td>
                    <Table.Td>{s.milestones}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        )}
      </Stack>
    </Stack>
  );
}

export const Route = createLazyRoute('/app/programme-setup/$code')({ component: ProgrammeSetupPage });
