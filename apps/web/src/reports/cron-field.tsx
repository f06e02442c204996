import { Group, List, Loader, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import cronstrue from 'cronstrue';
// Registers zh_TW into cronstrue (English is built in): 30 kB instead of every locale's 200 kB.
import 'cronstrue/locales/zh_TW';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { useFormatDate } from '../ui/format';
import { cronPreviewQuery } from './reports.queries';

type Frequency = 'daily' | 'weekly' | 'monthly' | 'custom';

interface CronForm {
  frequency: Frequency;
  time: string;
  weekday: string;
  day: string;
  custom: string;
}

const pad = (n: string | number) => String(n).padStart(2, '0');

/** The form a cron came from: the three human shapes, or a custom expression. */
function parse(cron: string): CronForm {
  const base: CronForm = { frequency: 'custom', time: '08:00', weekday: '1', day: '1', custom: cron };
  const m = /^(\d{1,2}) (\d{1,2}) (\*|\d{1,2}) \* (\*|[0-6])$/.exec(cron.trim());
  if (!m || Number(m[1]) > 59 || Number(m[2]) > 23) return base;
  const time = `${pad(m[2])}:${pad(m[1])}`;
  if (m[3] === '*' && m[4] === '*') return { ...base, frequency: 'daily', time };
  if (m[3] === '*') return { ...base, frequency: 'weekly', time, weekday: m[4] };
  if (m[4] === '*' && Number(m[3]) >= 1 && Number(m[3]) <= 28) return { ...base, frequency: 'monthly', time, day: String(Number(m[3])) };
  return base;
}

function build(form: CronForm): string {
  if (form.frequency === 'custom') return form.custom.trim();
  const [hour, minute] = (form.time || '08:00').split(':').map(Number);
  if (form.frequency === 'daily') return `${minute} ${hour} * * *`;
  if (form.frequency === 'weekly') return `${minute} ${hour} * * ${form.weekday}`;
  return `${minute} ${hour} ${form.day} * *`;
}

/** The cron in words, in the user's language (cronstrue), or null when it cannot be read. */
export function useCronInWords(): (cron: string) => string | null {
  const { i18n } = useTranslation();
  return (cron) => {
    try {
      return cronstrue.toString(cron, { locale: i18n.language === 'en' ? 'en' : 'zh_TW', use24HourTimeFormat: true, verbose: false });
    } catch {
      return null;
    }
  };
}

/**
 * When a schedule runs, chosen as people say it (every day / every Monday 08:00 / the 1st of each
 * month) or typed as a cron; shown back in words and as the next three runs in Taipei time, as the
 * server's parser (the worker's) reads it.
 */
export function CronField({ value, onChange, error }: { value: string; onChange: (cron: string) => void; error?: string }) {
  const { t } = useTranslation('reports');
  const [form, setForm] = useState<CronForm>(() => parse(value));
  const update = (change: Partial<CronForm>) => {
    const next = { ...form, ...change };
    if (change.frequency === 'custom' && form.frequency !== 'custom') next.custom = build(form);
    setForm(next);
    onChange(build(next));
  };
  useEffect(() => {
    if (build(form) !== value) setForm(parse(value));
    // Only an outside change (a schedule loaded) resets the form; the form's own edits already match `value`.
  }, [value]); // form left out on purpose

  const weekdays = t('cron.weekdays', { returnObjects: true }) as string[];
  return (
    <fieldset style={{ border: '1px solid var(--mantine-color-gray-4)', borderRadius: 4, padding: 'var(--mantine-spacing-sm)', margin: 0, minWidth: 0 }}>
      <legend style={{ fontWeight: 600, padding: '0 4px' }}>{t('cron.legend')}</legend>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <Select
            label={t('cron.frequency')} allowDeselect={false} value={form.frequency} onChange={(v) => update({ frequency: (v ?? 'daily') as Frequency })}
            data={(['daily', 'weekly', 'monthly', 'custom'] as const).map((f) => ({ value: f, label: t(`cron.${f}`) }))}
          />
          {form.frequency === 'weekly' && (
            <Select
              label={t('cron.weekday')} allowDeselect={false} value={form.weekday} onChange={(v) => update({ weekday: v ?? '1' })}
              data={[1, 2, 3, 4, 5, 6, 0].map((d) => ({ value: String(d), label: weekdays[d] }))}
            />
          )}
          {form.frequency === 'monthly' && (
            <Select
              label={t('cron.day')} allowDeselect={false} value={form.day} onChange={(v) => update({ day: v ?? '1' })}
              data={Array.from({ length: 28 }, (_, i) => ({ value: String(i + 1), label: t('cron.dayOption', { day: i + 1 }) }))}
            />
          )}
          {form.frequency !== 'custom' && (
            <TextInput type="time" label={t('cron.time')} value={form.time} onChange={(e) => update({ time: e.currentTarget.value })} required />
          )}
        </SimpleGrid>
        {form.frequency === 'custom' && (
          <TextInput
            label={t('cron.expression')} description={t('cron.expressionHint')} value={form.custom} required
            onChange={(e) => update({ custom: e.currentTarget.value })} ff="monospace" maxLength={120}
          />
        )}
        <CronPreview cron={value} error={error} />
      </Stack>
    </fieldset>
  );
}

function CronPreview({ cron, error }: { cron: string; error?: string }) {
  const { t } = useTranslation('reports');
  const inWords = useCronInWords();
  const formatDate = useFormatDate();
  const [debounced] = useDebouncedValue(cron, 300);
  const preview = useQuery(cronPreviewQuery(debounced));
  const weekdays = t('cron.weekdays', { returnObjects: true }) as string[];
  const problem = error || (preview.error instanceof ApiError ? preview.error.fieldProblems().cron ?? preview.error.message : null);
  const words = problem ? null : inWords(debounced);
  return (
    <Stack gap={4} aria-live="polite">
      <Text size="sm"><Text span fw={600}>{t('cron.inWords')}：</Text>{words ?? '—'}{' '}<Text span ff="monospace" size="sm">({debounced})</Text></Text>
      {problem && <Text size="sm" c="#8a1212" role="alert">{problem}</Text>}
      {!problem && (
        <div>
          <Text size="sm" fw={600} id="cron-next-runs">{t('cron.nextRuns')}</Text>
          {preview.isFetching && !preview.data ? (
            <Group gap="xs"><Loader size="xs" aria-hidden /><Text size="sm">{t('cron.checking')}</Text></Group>
          ) : (
            <List size="sm" aria-labelledby="cron-next-runs" data-testid="cron-next-runs">
              {(preview.data?.nextRuns ?? []).map((run) => (
                <List.Item key={run.at}>
                  <time dateTime={run.at}>{formatDate(run.date)} {weekdays[new Date(`${run.date}T00:00:00Z`).getUTCDay()]} {run.time}</time>
                </List.Item>
              ))}
            </List>
          )}
        </div>
      )}
    </Stack>
  );
}
