import { Alert, Badge, Button, Group, List, Paper, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createLazyRoute } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, type Schemas, unwrap } from '../api/client';
import { DateText } from '../ui/format';
import { ErrorAlert } from '../ui/error-alert';
import './organisations.texts';

type Organisation = Schemas['OrganisationDto'];
type Kind = 'ministry' | 'agency' | 'unit' | 'office' | 'body';
const KINDS: Kind[] = ['ministry', 'agency', 'unit', 'office', 'body'];
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const CODE = /^[a-z0-9][a-z0-9-]{0,63}$/;

const ORGANISATIONS_KEY = ['organisations'] as const;
const organisationsQuery = queryOptions({ queryKey: ORGANISATIONS_KEY, queryFn: () => unwrap(api.GET('/api/organisations')) });

const fieldErrors = (error: unknown) => (error instanceof ApiError ? error.fieldProblems() : {});

/** One organisation in the tree: its name, kind, name history with dates (AD and ROC), and its units. */
function OrganisationNode({ org, byParent }: { org: Organisation; byParent: Map<string | null, Organisation[]> }) {
  const { t } = useTranslation('organisations');
  const children = byParent.get(org.code) ?? [];
  const former = org.names.filter((n) => n.name !== org.name);
  const current = org.names.find((n) => n.name === org.name);
  return (
    <List.Item>
      <Group gap={6} wrap="wrap">
        <Text span fw={600}>{org.name}</Text>
        <Badge variant="outline" color="gray" size="sm">{t(`kinds.${org.kind}`)}</Badge>
        <Text span size="sm" c="#495057">{org.code}</Text>
      </Group>
      {former.length > 0 && (
        <Text size="sm" c="#343a40">
          {t('formerNames')}: {former.map((n, i) => (
            <span key={n.name}>
              {i > 0 && '; '}
              {n.validTo ? <>{t('former', { name: n.name })}{t('untilSep')}<DateText date={n.validTo} /></> : `${t('alias', { name: n.name })} (${t('undated')})`}
            </span>
          ))}
          {current?.validFrom ? <>{t('sinceSep', { name: org.name })}<DateText date={current.validFrom} /></> : null}
        </Text>
      )}
      {children.length > 0 && (
        <List withPadding listStyleType="disc" spacing={4}>
          {children.map((c) => <OrganisationNode key={c.code} org={c} byParent={byParent} />)}
        </List>
      )}
    </List.Item>
  );
}

function CreateForm({ options }: { options: { value: string; label: string }[] }) {
  const { t } = useTranslation('organisations');
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { name: '', fullName: '', nameEn: '', kind: 'agency' as Kind, parent: null as string | null, code: '', since: '' },
    validate: {
      name: (v) => (v.trim() ? null : t('required')),
      since: (v) => (!v || ISO_DATE.test(v) ? null : t('dateInvalid')),
      code: (v) => (!v || CODE.test(v) ? null : t('codeInvalid')),
    },
  });
  const create = useMutation({
    mutationFn: (v: typeof form.values) => unwrap(api.POST('/api/organisations', {
      body: { name: v.name.trim(), fullName: v.fullName.trim() || null, nameEn: v.nameEn.trim() || null, kind: v.kind, parent: v.parent, code: v.code || undefined, since: v.since || undefined },
    })),
    onSuccess: async () => { await queryClient.invalidateQueries({ queryKey: ORGANISATIONS_KEY }); form.reset(); },
    onError: (e) => form.setErrors(fieldErrors(e)),
  });
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="org-create">
      <Title order={2} size="h4" id="org-create" mb="sm">{t('create.title')}</Title>
      <form noValidate onSubmit={form.onSubmit((v) => create.mutate(v))}>
        <Stack gap="sm">
          <TextInput label={t('create.name')} required {...form.getInputProps('name')} />
          <TextInput label={t('create.fullName')} {...form.getInputProps('fullName')} />
          <TextInput label={t('create.nameEn')} {...form.getInputProps('nameEn')} />
          <Select label={t('create.kind')} data={KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))} allowDeselect={false} {...form.getInputProps('kind')} />
          <Select label={t('create.parent')} placeholder={t('create.noParent')} data={options} searchable clearable {...form.getInputProps('parent')} />
          <TextInput label={t('create.code')} description={t('create.codeHint')} {...form.getInputProps('code')} />
          <TextInput label={t('create.since')} placeholder="2023-08-22" {...form.getInputProps('since')} />
          <ErrorAlert error={create.error} />
          {create.isSuccess && <Alert role="status" color="green">{t('create.done', { name: create.data.name })}</Alert>}
          <Group><Button type="submit" loading={create.isPending}>{t('create.submit')}</Button></Group>
        </Stack>
      </form>
    </Paper>
  );
}

function RenameForm({ org }: { org: Organisation }) {
  const { t } = useTranslation('organisations');
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { name: '', fullName: '', effectiveDate: '', source: '' },
    validate: {
      name: (v) => (v.trim() ? null : t('required')),
      effectiveDate: (v) => (ISO_DATE.test(v) ? null : t('dateInvalid')),
    },
  });
  const rename = useMutation({
    mutationFn: (v: typeof form.values) => unwrap(api.POST('/api/organisations/{code}/rename', {
      params: { path: { code: org.code } },
      body: { name: v.name.trim(), fullName: v.fullName.trim() || null, effectiveDate: v.effectiveDate, source: v.source.trim() || undefined },
    })),
    onSuccess: async () => { await queryClient.invalidateQueries({ queryKey: ORGANISATIONS_KEY }); form.reset(); },
    onError: (e) => form.setErrors(fieldErrors(e)),
  });
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="org-rename">
      <Title order={2} size="h4" id="org-rename" mb="sm">{t('rename.title', { name: org.name })}</Title>
      <form noValidate onSubmit={form.onSubmit((v) => rename.mutate(v))}>
        <Stack gap="sm">
          <TextInput label={t('rename.name')} required {...form.getInputProps('name')} />
          <TextInput label={t('rename.fullName')} {...form.getInputProps('fullName')} />
          <TextInput label={t('rename.effectiveDate')} description={t('rename.effectiveHint')} placeholder="2022-07-27" required {...form.getInputProps('effectiveDate')} />
          <TextInput label={t('rename.source')} {...form.getInputProps('source')} />
          <ErrorAlert error={rename.error} />
          {rename.isSuccess && <Alert role="status" color="green">{t('rename.done', { name: rename.data.name })}<br />{rename.data.nameWithHistory}</Alert>}
          <Group><Button type="submit" loading={rename.isPending}>{t('rename.submit')}</Button></Group>
        </Stack>
      </form>
    </Paper>
  );
}

function MoveForm({ org, options }: { org: Organisation; options: { value: string; label: string }[] }) {
  const { t } = useTranslation('organisations');
  const queryClient = useQueryClient();
  const [parent, setParent] = useState<string | null>(org.parent);
  const move = useMutation({
    mutationFn: () => unwrap(api.POST('/api/organisations/{code}/move', { params: { path: { code: org.code } }, body: { parent } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ORGANISATIONS_KEY }),
  });
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="org-move">
      <Title order={2} size="h4" id="org-move" mb="sm">{t('move.title', { name: org.name })}</Title>
      <form noValidate onSubmit={(e) => { e.preventDefault(); move.mutate(); }}>
        <Stack gap="sm">
          <Select label={t('move.parent')} placeholder={t('create.noParent')} data={options.filter((o) => o.value !== org.code)} searchable clearable value={parent} onChange={setParent} />
          <ErrorAlert error={move.error} />
          {move.isSuccess && <Alert role="status" color="green">{t('move.done', { name: org.name })}</Alert>}
          <Group><Button type="submit" loading={move.isPending}>{t('move.submit')}</Button></Group>
        </Stack>
      </form>
    </Paper>
  );
}

function OrganisationsPage() {
  const { t } = useTranslation('organisations');
  const list = useQuery(organisationsQuery);
  const [selected, setSelected] = useState<string | null>(null);
  const organisations = list.data ?? [];
  const byParent = new Map<string | null, Organisation[]>();
  const codes = new Set(organisations.map((o) => o.code));
  for (const o of organisations) {
    const key = o.parent && codes.has(o.parent) ? o.parent : null;
    byParent.set(key, [...(byParent.get(key) ?? []), o]);
  }
  for (const group of byParent.values()) group.sort((a, b) => a.name.localeCompare(b.name, 'zh-Hant'));
  const options = [...organisations].sort((a, b) => a.name.localeCompare(b.name, 'zh-Hant')).map((o) => ({ value: o.code, label: `${o.name}（${o.code}）` }));
  const current = organisations.find((o) => o.code === selected) ?? null;
  return (
    <Stack gap="md">
      <Title order={1}>{t('title')}</Title>
      <Text>{t('intro')}</Text>
      <ErrorAlert error={list.error} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Paper withBorder p="md" radius="md" component="section" aria-labelledby="org-tree">
          <Title order={2} size="h4" id="org-tree" mb="sm">{t('tree')}</Title>
          <List spacing={4} listStyleType="disc">
            {(byParent.get(null) ?? []).map((o) => <OrganisationNode key={o.code} org={o} byParent={byParent} />)}
          </List>
        </Paper>
        <Stack gap="md">
          <Paper withBorder p="md" radius="md">
            <Select label={t('select')} description={t('selectHint')} data={options} searchable clearable value={selected} onChange={setSelected} />
          </Paper>
          {current && <RenameForm key={`r-${current.code}`} org={current} />}
          {current && <MoveForm key={`m-${current.code}`} org={current} options={options} />}
          <CreateForm options={options} />
        </Stack>
      </SimpleGrid>
    </Stack>
  );
}

export const Route = createLazyRoute('/app/organisations')({ component: OrganisationsPage });
