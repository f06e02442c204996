import { Button, Card, Checkbox, Group, Loader, Modal, SegmentedControl, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconTrash } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { createLazyRoute, Link, useNavigate, useParams } from '@tanstack/react-router';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { hasRole, useMe } from '../auth/session';
import { i18next } from '../i18n/i18n';
import { programmesQuery } from '../sub-projects/sub-project.queries';
import { ToneBadge } from '../ui/badges';
import { ErrorAlert } from '../ui/error-alert';
import { useFormatInstant } from '../ui/format';
import { CronField } from './cron-field';
import { RecipientPicker } from './recipient-picker';
import {
  meetingsQuery, type ReportSchedule, type ScheduleBody, scheduleQuery, scheduleRunsQuery, useDeleteSchedule, useSaveSchedule,
} from './reports.queries';
import './reports.texts';

const KINDS = ['programme_status', 'budget', 'resolution_tracking', 'programme_summary', 'overdue_milestones'] as const;
type Kind = (typeof KINDS)[number];
const formatsOf = (kind: Kind): ScheduleBody['format'][] => (kind === 'programme_summary' || kind === 'overdue_milestones' ? ['csv', 'xlsx'] : ['pdf', 'xlsx']);

interface Form {
  name: string;
  programme: string | null;
  kind: Kind;
  format: ScheduleBody['format'];
  meeting: string | null;
  cron: string;
  recipientUserIds: string[];
  isActive: boolean;
}

const EMPTY: Form = { name: '', programme: null, kind: 'programme_status', format: 'pdf', meeting: null, cron: '0 8 * * 1', recipientUserIds: [], isActive: true };

function notifyDone(message: string): void {
  notifications.show({ color: 'green', message, closeButtonProps: { 'aria-label': i18next.t('common:actions.close') } });
}

function fromSchedule(s: ReportSchedule): Form {
  return {
    name: s.name, programme: s.programme.code, kind: s.kind, format: s.format, meeting: s.meeting, cron: s.cron,
    recipientUserIds: s.recipients.map((r) => r.id), isActive: s.isActive,
  };
}

function ScheduleForm({ schedule }: { schedule: ReportSchedule | null }) {
  const { t } = useTranslation('reports');
  const navigate = useNavigate();
  const save = useSaveSchedule(schedule?.id ?? null);
  const remove = useDeleteSchedule();
  const programmes = useQuery(programmesQuery);
  const [form, setForm] = useState<Form>(() => (schedule ? fromSchedule(schedule) : EMPTY));
  const meetings = useQuery({ ...meetingsQuery, enabled: form.kind === 'resolution_tracking' });
  const [local, setLocal] = useState<Record<string, string>>({});
  const [confirmDelete, setConfirmDelete] = useState(false);
  const set = <K extends keyof Form>(key: K, value: Form[K]) => { setForm((f) => ({ ...f, [key]: value })); setLocal((l) => ({ ...l, [key]: '' })); };
  const fields = { ...(save.error instanceof ApiError ? save.error.fieldProblems() : {}), ...Object.fromEntries(Object.entries(local).filter(([, v]) => v)) };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const missing: Record<string, string> = {};
    if (!form.name.trim()) missing.name = t('schedule.required');
    if (!form.programme) missing.programme = t('schedule.required');
    if (form.kind === 'resolution_tracking' && !form.meeting) missing.meeting = t('schedule.required');
    if (!form.cron.trim()) missing.cron = t('schedule.required');
    if (!form.recipientUserIds.length) missing.recipientUserIds = t('schedule.required');
    setLocal(missing);
    if (Object.keys(missing).length) return;
    const body: ScheduleBody & { version?: number } = {
      name: form.name.trim(), programme: form.programme!, kind: form.kind, format: form.format, cron: form.cron.trim(),
      recipientUserIds: form.recipientUserIds, isActive: form.isActive,
      ...(form.kind === 'resolution_tracking' && form.meeting ? { meeting: form.meeting } : {}),
      ...(schedule ? { version: schedule.version } : {}),
    };
    save.mutate(body, {
      onSuccess: (saved) => {
        notifyDone(t('schedule.saved'));
        if (!schedule) void navigate({ to: '/reports/schedules/$id', params: { id: saved.id } });
      },
    });
  };

  return (
    <Card withBorder padding="md">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput label={t('schedule.name')} required value={form.name} onChange={(e) => set('name', e.currentTarget.value)} error={fields.name} maxLength={200} />
            <Select
              label={t('schedule.programme')} required searchable data={(programmes.data ?? []).map((p) => ({ value: p.code, label: p.name }))}
              value={form.programme} onChange={(v) => set('programme', v)} error={fields.programme}
            />
            <Select
              label={t('schedule.kind')} required allowDeselect={false} value={form.kind}
              data={KINDS.map((k) => ({ value: k, label: t(`schedule.kinds.${k}`) }))}
              onChange={(v) => {
                const kind = (v ?? 'programme_status') as Kind;
                setForm((f) => ({ ...f, kind, format: formatsOf(kind).includes(f.format) ? f.format : formatsOf(kind)[0] }));
              }}
            />
            <div>
              <Text component="label" id="schedule-format-label" size="sm" fw={500} display="block" mb={4}>{t('schedule.format')}</Text>
              <SegmentedControl
                aria-labelledby="schedule-format-label" fullWidth value={form.format} onChange={(v) => set('format', v as Form['format'])}
                data={formatsOf(form.kind).map((f) => ({ value: f, label: t(`format.${f}`) }))}
              />
            </div>
            {form.kind === 'resolution_tracking' && (
              <Select
                label={t('schedule.meeting')} required searchable value={form.meeting} onChange={(v) => set('meeting', v)} error={fields.meeting}
                data={(meetings.data ?? []).map((m) => ({ value: m.code, label: m.name }))}
              />
            )}
          </SimpleGrid>
          <CronField value={form.cron} onChange={(cron) => set('cron', cron)} error={fields.cron} />
          <RecipientPicker value={form.recipientUserIds} onChange={(ids) => set('recipientUserIds', ids)} error={fields.recipientUserIds} />
          <Checkbox label={t('schedule.isActive')} checked={form.isActive} onChange={(e) => set('isActive', e.currentTarget.checked)} />
          <ErrorAlert error={save.error instanceof ApiError && save.error.code === 'VALIDATION_FAILED' ? null : save.error} onReload={() => window.location.reload()} />
          <Group justify="space-between" wrap="wrap">
            <Button type="submit" loading={save.isPending}>{t('schedule.save')}</Button>
            {schedule && (
              <Button variant="outline" color="red" leftSection={<IconTrash size={16} aria-hidden />} onClick={() => setConfirmDelete(true)}>{t('schedule.delete')}</Button>
            )}
          </Group>
        </Stack>
      </form>
      {schedule && (
        <Modal opened={confirmDelete} onClose={() => setConfirmDelete(false)} title={t('schedule.delete')} centered closeButtonProps={{ 'aria-label': t('common:actions.close') }}>
          <Stack>
            <Text>{t('schedule.deleteConfirm', { name: schedule.name })}</Text>
            <ErrorAlert error={remove.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirmDelete(false)}>{t('common:actions.cancel')}</Button>
              <Button
                color="red" loading={remove.isPending}
                onClick={() => remove.mutate(schedule.id, { onSuccess: () => { notifyDone(t('schedule.deleted')); void navigate({ to: '/reports/schedules' }); } })}
              >
                {t('schedule.delete')}
              </Button>
            </Group>
          </Stack>
        </Modal>
      )}
    </Card>
  );
}

function Runs({ id }: { id: string }) {
  const { t } = useTranslation('reports');
  const runs = useQuery(scheduleRunsQuery(id));
  const formatInstant = useFormatInstant();
  return (
    <Stack gap="sm" component="section" aria-labelledby="schedule-runs-title">
      <Title order={2} size="h3" id="schedule-runs-title">{t('runs.title')}</Title>
      <ErrorAlert error={runs.error} />
      {runs.data?.length === 0 && <Text>{t('runs.empty')}</Text>}
      {!!runs.data?.length && (
        <Table.ScrollContainer minWidth={560}>
          <Table striped verticalSpacing="xs" aria-label={t('runs.table')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('runs.scheduledFor')}</Table.Th>
                <Table.Th scope="col">{t('runs.status')}</Table.Th>
                <Table.Th scope="col">{t('runs.recipients')}</Table.Th>
                <Table.Th scope="col">{t('runs.file')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {runs.data.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>{formatInstant(r.scheduledFor)}</Table.Td>
                  <Table.Td>
                    <ToneBadge tone={r.status === 'sent' ? 'good' : r.status === 'failed' ? 'bad' : 'info'} icon={null}>{t(`runs.statuses.${r.status}`, { defaultValue: r.status })}</ToneBadge>
                    {r.error && <Text size="xs" mt={4}>{r.error}</Text>}
                  </Table.Td>
                  <Table.Td>{r.recipientCount}</Table.Td>
                  <Table.Td>{r.reportId && r.fileName ? <a href={`/api/reports/${r.reportId}/file`} download>{r.fileName}</a> : r.fileName ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

function Frame({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation('reports');
  const me = useMe();
  return (
    <Stack gap="md" maw={960}>
      <Button component={Link} to="/reports/schedules" variant="subtle" leftSection={<IconArrowLeft size={16} aria-hidden />} w="fit-content" px={0}>{t('schedule.back')}</Button>
      <Title order={1}>{title}</Title>
      {hasRole(me, 'coordinator') ? children : <Text>{t('schedules.forbidden')}</Text>}
    </Stack>
  );
}

function NewSchedulePage() {
  const { t } = useTranslation('reports');
  return <Frame title={t('schedule.newTitle')}><ScheduleForm schedule={null} /></Frame>;
}

function EditSchedulePage() {
  const { t } = useTranslation('reports');
  const { id } = useParams({ strict: false }) as { id: string };
  const me = useMe();
  const schedule = useQuery({ ...scheduleQuery(id), enabled: hasRole(me, 'coordinator') });
  return (
    <Frame title={schedule.data ? t('schedule.editTitle', { name: schedule.data.name }) : t('schedules.title')}>
      <ErrorAlert error={schedule.error} />
      {schedule.isPending && <Loader size="sm" aria-label={t('common:states.loading')} />}
      {schedule.data && <ScheduleForm key={`${schedule.data.id}-${schedule.data.version}`} schedule={schedule.data} />}
      {schedule.data && <Runs id={id} />}
    </Frame>
  );
}

export const NewRoute = createLazyRoute('/app/reports/schedules/new')({ component: NewSchedulePage });
export const EditRoute = createLazyRoute('/app/reports/schedules/$id')({ component: EditSchedulePage });
