import { Button, Group, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import { ErrorAlert } from '../ui/error-alert';
import { CODE, fieldErrors, organisationsQuery, SETUP_KEY, setupListQuery, YEAR } from './programme-setup.queries';
import './programme-setup.texts';

interface ProgrammeValues {
  code: string;
  name: string;
  parent: string | null;
  overseer: string | null;
  startYear: string;
  endYear: string;
  fromYear: string;
}

function useProgrammeForm(copy: boolean) {
  const { t } = useTranslation('programmeSetup');
  return useForm<ProgrammeValues>({
    initialValues: { code: '', name: '', parent: null, overseer: null, startYear: '', endYear: '', fromYear: '' },
    validate: {
      code: (v) => (copy && !v ? t('form.required') : v && !CODE.test(v) ? t('form.codeInvalid') : null),
      name: (v) => (v.trim() ? null : t('form.required')),
      startYear: (v) => (YEAR.test(v) ? null : t('form.yearInvalid')),
      endYear: (v, all) => (!v ? null : !YEAR.test(v) ? t('form.yearInvalid') : Number(v) < Number(all.startYear) ? t('form.endBeforeStart') : null),
      fromYear: (v) => (!v || YEAR.test(v) ? null : t('form.yearInvalid')),
    },
  });
}

/** 新增計畫: name, parent programme, period and oversight body. */
export function NewProgrammeForm({ onCancel }: { onCancel: () => void }) {
  const { t } = useTranslation('programmeSetup');
  const router = useRouter();
  const queryClient = useQueryClient();
  const programmes = useQuery(setupListQuery);
  const organisations = useQuery(organisationsQuery);
  const form = useProgrammeForm(false);
  const create = useMutation({
    mutationFn: (v: ProgrammeValues) => unwrap(api.POST('/api/programme-setup/programmes', {
      body: { code: v.code || undefined, name: v.name.trim(), parent: v.parent, overseer: v.overseer, startYear: Number(v.startYear), endYear: v.endYear ? Number(v.endYear) : null },
    })),
    onSuccess: async (p) => {
      await queryClient.invalidateQueries({ queryKey: SETUP_KEY });
      router.history.push(`/programme-setup/${p.code}`);
    },
    onError: (e) => form.setErrors(fieldErrors(e)),
  });
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="new-programme">
      <Title order={2} size="h4" id="new-programme" mb="sm">{t('list.new')}</Title>
      <form noValidate onSubmit={form.onSubmit((v) => create.mutate(v))}>
        <Stack gap="sm">
          <TextInput label={t('form.name')} required {...form.getInputProps('name')} />
          <TextInput label={t('form.codeOptional')} description={t('form.codeHint')} {...form.getInputProps('code')} />
          <Select label={t('form.parent')} placeholder={t('form.noParent')} clearable searchable
            data={(programmes.data ?? []).map((p) => ({ value: p.code, label: p.name }))} {...form.getInputProps('parent')} />
          <Select label={t('form.overseer')} placeholder={t('form.noOverseer')} clearable searchable
            data={(organisations.data ?? []).map((o) => ({ value: o.code, label: o.name }))} {...form.getInputProps('overseer')} />
          <Group grow align="flex-start">
            <TextInput label={t('form.startYear')} inputMode="numeric" required {...form.getInputProps('startYear')} />
            <TextInput label={t('form.endYear')} inputMode="numeric" {...form.getInputProps('endYear')} />
          </Group>
          <ErrorAlert error={create.error} />
          <Group>
            <Button type="submit" loading={create.isPending}>{t('form.create')}</Button>
            <Button variant="default" onClick={onCancel}>{t('form.cancel')}</Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/** 複製計畫: a new code, name and first year; optionally one year of the source only. */
export function CopyProgrammeForm({ source, onCancel }: { source: { code: string; name: string }; onCancel: () => void }) {
  const { t } = useTranslation('programmeSetup');
  const router = useRouter();
  const queryClient = useQueryClient();
  const form = useProgrammeForm(true);
  const copy = useMutation({
    mutationFn: (v: ProgrammeValues) => unwrap(api.POST('/api/programme-setup/programmes/{code}/copy', {
      params: { path: { code: source.code } },
      body: { code: v.code, name: v.name.trim(), startYear: Number(v.startYear), endYear: v.endYear ? Number(v.endYear) : null, fromYear: v.fromYear ? Number(v.fromYear) : undefined },
    })),
    onSuccess: async (p) => {
      await queryClient.invalidateQueries({ queryKey: SETUP_KEY });
      router.history.push(`/programme-setup/${p.code}`);
    },
    onError: (e) => form.setErrors(fieldErrors(e)),
  });
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="copy-programme">
      <Title order={2} size="h4" id="copy-programme" mb="xs">{t('form.copyTitle', { name: source.name })}</Title>
      <Text size="sm" mb="sm">{t('form.copyHint')}</Text>
      <form noValidate onSubmit={form.onSubmit((v) => copy.mutate(v))}>
        <Stack gap="sm">
          <TextInput label={t('form.name')} required {...form.getInputProps('name')} />
          <TextInput label={t('form.code')} description={t('form.codeHint')} required {...form.getInputProps('code')} />
          <Group grow align="flex-start">
            <TextInput label={t('form.startYear')} inputMode="numeric" required {...form.getInputProps('startYear')} />
            <TextInput label={t('form.endYear')} inputMode="numeric" {...form.getInputProps('endYear')} />
          </Group>
          <TextInput label={t('form.fromYear')} description={t('form.fromYearHint')} inputMode="numeric" {...form.getInputProps('fromYear')} />
          <ErrorAlert error={copy.error} />
          <Group>
            <Button type="submit" loading={copy.isPending}>{t('form.copySubmit')}</Button>
            <Button variant="default" onClick={onCancel}>{t('form.cancel')}</Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
