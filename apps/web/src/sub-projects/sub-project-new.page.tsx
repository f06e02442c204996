import { Button, Checkbox, Group, MultiSelect, NumberInput, Select, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { createLazyRoute, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type Schemas } from '../api/client';
import { hasRole, useMe } from '../auth/session';
import { ErrorAlert } from '../ui/error-alert';
import { notifyDone } from './sub-project-actions';
import { programmeQuery, programmesQuery, useCreateSubProject } from './sub-project.queries';
import './sub-projects.texts';

const KINDS = ['detailed', 'division', 'roadmap', 'measure'] as const;

type Form = {
  programme: string | null; axes: string[]; code: string; name: string; kind: string; startYear: number | string; endYear: number | string;
  isFlagship: boolean; measures: string; fullTermTarget: string;
};

const EMPTY: Form = { programme: null, axes: [], code: '', name: '', kind: 'detailed', startYear: '', endYear: '', isFlagship: false, measures: '', fullTermTarget: '' };

function NewSubProjectPage() {
  const { t } = useTranslation('subProjects');
  const me = useMe();
  const navigate = useNavigate();
  const create = useCreateSubProject();
  const programmes = useQuery(programmesQuery);
  const [form, setForm] = useState<Form>(EMPTY);
  const [local, setLocal] = useState<Record<string, string>>({});
  const programme = useQuery({ ...programmeQuery(form.programme ?? ''), enabled: !!form.programme });
  const rocHint = (v: number | string) => (typeof v === 'number' && v > 1911 ? t('create.rocHint', { roc: v - 1911 }) : undefined);
  const set = <K extends keyof Form>(key: K, value: Form[K]) => { setForm((f) => ({ ...f, [key]: value })); setLocal((l) => ({ ...l, [key]: '' })); };
  const fields = { ...(create.error instanceof ApiError ? create.error.fieldProblems() : {}), ...Object.fromEntries(Object.entries(local).filter(([, v]) => v)) };

  if (!hasRole(me, 'coordinator', 'admin')) {
    return <Stack><Title order={1}>{t('create.title')}</Title><Text>{t('create.forbidden')}</Text></Stack>;
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const missing: Record<string, string> = {};
    if (!form.programme) missing.programme = t('create.required');
    if (!form.axes.length) missing.axes = t('create.required');
    if (!form.name.trim()) missing.name = t('create.required');
    setLocal(missing);
    if (Object.keys(missing).length) return;
    const year = (v: number | string) => (typeof v === 'number' ? v : undefined);
    const body: Schemas['CreateSubProjectBody'] = {
      programme: form.programme!, axes: form.axes, name: form.name, code: form.code.trim() || undefined, kind: form.kind as never,
      startYear: year(form.startYear), endYear: year(form.endYear), isFlagship: form.isFlagship,
      measures: form.measures.trim() || undefined, fullTermTarget: form.fullTermTarget.trim() || undefined,
    };
    create.mutate(body, {
      onSuccess: (sp) => {
        notifyDone(t('create.created', { code: sp.code }));
        void navigate({ to: '/sub-projects/$code', params: { code: sp.code } });
      },
    });
  };

  return (
    <Stack gap="md" maw={880}>
      <Title order={1}>{t('create.title')}</Title>
      <Text>{t('create.intro')}</Text>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <Select
              label={t('create.programme')} required searchable data={(programmes.data ?? []).map((p) => ({ value: p.code, label: p.name }))}
              value={form.programme} onChange={(v) => { set('programme', v); set('axes', []); }} error={fields.programme}
            />
            <MultiSelect
              label={t('create.axes')} required disabled={!form.programme}
              data={(programme.data?.axes ?? []).map((a) => ({ value: a.code, label: `${a.seq}. ${a.name}` }))}
              value={form.axes} onChange={(v) => set('axes', v)} error={fields.axes}
            />
          </SimpleGrid>
          <TextInput label={t('create.name')} required value={form.name} onChange={(e) => set('name', e.currentTarget.value)} error={fields.name} maxLength={500} />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput label={t('create.code')} value={form.code} onChange={(e) => set('code', e.currentTarget.value)} error={fields.code} />
            <Select
              label={t('create.kind')} allowDeselect={false} data={KINDS.map((k) => ({ value: k, label: t(`create.kinds.${k}`) }))}
              value={form.kind} onChange={(v) => set('kind', v ?? 'detailed')} error={fields.kind}
            />
            <NumberInput label={t('create.startYear')} min={1900} max={2200} allowDecimal={false} value={form.startYear} onChange={(v) => set('startYear', v)} description={rocHint(form.startYear)} error={fields.startYear} />
            <NumberInput label={t('create.endYear')} min={1900} max={2200} allowDecimal={false} value={form.endYear} onChange={(v) => set('endYear', v)} description={rocHint(form.endYear)} error={fields.endYear} />
          </SimpleGrid>
          <Checkbox label={t('create.isFlagship')} checked={form.isFlagship} onChange={(e) => set('isFlagship', e.currentTarget.checked)} />
          <Textarea label={t('create.measures')} autosize minRows={3} value={form.measures} onChange={(e) => set('measures', e.currentTarget.value)} error={fields.measures} />
          <Textarea label={t('create.fullTermTarget')} autosize minRows={2} value={form.fullTermTarget} onChange={(e) => set('fullTermTarget', e.currentTarget.value)} error={fields.fullTermTarget} />
          <ErrorAlert error={create.error} />
          <Group>
            <Button type="submit" loading={create.isPending}>{t('create.submit')}</Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

export const Route = createLazyRoute('/app/sub-projects/new')({ component: NewSubProjectPage });
