import { Alert, Button, Group, Paper, Select, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconAlertTriangle, IconDeviceFloppy, IconPlus, IconSend, IconTrash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, unwrap } from '../api/client';
import { ErrorAlert } from '../ui/error-alert';
import { EvidenceDropzone, EvidenceTable } from './evidence-list';
import { ScrollTable } from '../ui/scroll-table';
import { notify } from './submission-parts';
import { type EvidenceFile, submissionContextQuery, type SubmissionDetail, submissionKey, submissionQuery } from './submission.queries';
import { bodyOf, type FormValues, type IndicatorRow, localProblems, newRow, valuesOf } from './submission-values';
import { useAutosave } from './use-autosave';
import './submission.texts';

const filesOf = (s: SubmissionDetail): EvidenceFile[] => [...s.evidence, ...(s.pendingEvidence ?? []).filter((p) => !s.evidence.some((e) => e.id === p.id))];

/**
 * The officer's draft: figures, narrative, indicator actuals, budget and evidence, saved as you type
 * (a new revision per save, with the version last seen). The typed values live only here and are
 * never replaced by what the server answers, so a conflict, a refusal or a sign-in loses nothing.
 */
export function SubmissionForm({ submission, onDirtyChange }: { submission: SubmissionDetail; onDirtyChange?: (dirty: boolean) => void }) {
  const { t } = useTranslation('submission');
  const queryClient = useQueryClient();
  const [values, setValues] = useState<FormValues>(() => valuesOf(submission.content));
  const [files, setFiles] = useState<EvidenceFile[]>(() => filesOf(submission));
  const [pendingIds, setPendingIds] = useState<ReadonlySet<string>>(() => new Set((submission.pendingEvidence ?? []).map((f) => f.id)));
  const version = useRef(submission.version);
  const [serverProblems, setServerProblems] = useState<Record<string, string>>({});
  const [latest, setLatest] = useState<SubmissionDetail | null>(null);
  const [loadingLatest, setLoadingLatest] = useState(false);
  const [removing, setRemoving] = useState<string | null>(null);
  const [submitError, setSubmitError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const context = useQuery(submissionContextQuery(submission.subProject.code));

  const body = useMemo(() => bodyOf(values), [values]);
  const signature = JSON.stringify(body);
  const problems = useMemo(() => localProblems(values), [values]);
  // The submission moved on elsewhere (another tab sent it): the form stays, with what was typed, but saves nothing.
  const movedOn = submission.status !== 'draft';
  const canSave = Object.keys(problems).length === 0 && !movedOn;

  /** API field names index the rows sent (empty rows are left out): map them back to the rows shown. */
  const sentRowIndex = useMemo(() => {
    const map: number[] = [];
    values.indicatorActuals.forEach((r, i) => { if (r.indicator || r.value.trim() || r.note.trim()) map.push(i); });
    return map;
  }, [values.indicatorActuals]);

  const applySaved = (saved: SubmissionDetail) => {
    version.current = saved.version;
    setFiles(filesOf(saved));
    setPendingIds(new Set((saved.pendingEvidence ?? []).map((f) => f.id)));
    queryClient.setQueryData(submissionKey(saved.id), saved);
  };

  const patch = async (evidence?: string[]) =>
    (await unwrap(
      api.PATCH('/api/submissions/{id}', { params: { path: { id: submission.id } }, body: { version: version.current, ...body, ...(evidence ? { evidence } : {}) } as never }),
    )) as unknown as SubmissionDetail;

  const autosave = useAutosave({
    signature,
    canSave,
    send: async () => {
      try {
        applySaved(await patch());
        setServerProblems({});
      } catch (e) {
        if (e instanceof ApiError && e.code === 'VALIDATION_FAILED') setServerProblems(remapProblems(e.fieldProblems(), sentRowIndex));
        throw e;
      }
    },
  });

  useEffect(() => onDirtyChange?.(autosave.dirty), [autosave.dirty, onDirtyChange]);

  const fieldError = (field: string) => (problems[field] ? t(problems[field]) : serverProblems[field]);
  const set = <K extends keyof FormValues>(field: K, value: FormValues[K]) => setValues((v) => ({ ...v, [field]: value }));
  const setRow = (key: string, change: Partial<IndicatorRow>) =>
    setValues((v) => ({ ...v, indicatorActuals: v.indicatorActuals.map((r) => (r.key === key ? { ...r, ...change } : r)) }));

  const removeFile = async (file: EvidenceFile) => {
    setRemoving(file.id);
    try {
      const keep = (list: EvidenceFile[]) => list.filter((f) => f.id !== file.id).map((f) => f.id);
      let saved = await patch(keep(files));
      // A file no revision listed yet comes back with the save that lists it; the next save leaves it out.
      if (filesOf(saved).some((f) => f.id === file.id)) {
        version.current = saved.version;
        saved = await patch(keep(filesOf(saved)));
      }
      applySaved(saved);
      autosave.resume(signature);
      notify(t('evidence.removed', { name: file.filename }), t('actions.close', { ns: 'common' }), false);
    } catch (e) {
      if (!autosave.fail(e)) setSubmitError(e);
    } finally {
      setRemoving(null);
    }
  };

  const loadLatest = async () => {
    setLoadingLatest(true);
    try {
      setLatest(await queryClient.fetchQuery({ ...submissionQuery(submission.id), staleTime: 0 }));
    } catch (e) {
      setSubmitError(e);
    } finally {
      setLoadingLatest(false);
    }
  };

  const keepMine = async () => {
    if (!latest) return;
    version.current = latest.version;
    setFiles(filesOf(latest));
    autosave.resume(JSON.stringify(bodyOf(valuesOf(latest.content))));
    setLatest(null);
    await autosave.save('manual');
  };

  const useLatest = () => {
    if (!latest) return;
    const theirs = valuesOf(latest.content);
    version.current = latest.version;
    setValues(theirs);
    setFiles(filesOf(latest));
    autosave.resume(JSON.stringify(bodyOf(theirs)));
    queryClient.setQueryData(submissionKey(latest.id), latest);
    setLatest(null);
  };

  const submit = async () => {
    setSubmitError(null);
    if (!canSave) return setSubmitError(new ApiError(400, { code: 'VALIDATION_FAILED', status: 400, message: t('form.fixFirst') }));
    setSubmitting(true);
    try {
      if (autosave.dirty && !(await autosave.save('manual'))) return;
      const sent = (await unwrap(api.POST('/api/submissions/{id}/submit', { params: { path: { id: submission.id } }, body: { version: version.current } }))) as unknown as SubmissionDetail;
      notify(t('form.submitted'), t('actions.close', { ns: 'common' }));
      queryClient.setQueryData(submissionKey(sent.id), sent);
      void queryClient.invalidateQueries({ queryKey: ['my-work'] });
    } catch (e) {
      if (!autosave.fail(e)) setSubmitError(e);
    } finally {
      setSubmitting(false);
    }
  };

  const status = autosave.saving
    ? t('autosave.saving')
    : autosave.block === 'conflict' ? t('autosave.paused')
    : autosave.block === 'auth' ? t('autosave.waitingSignIn')
    : autosave.error && (autosave.error as ApiError).code === 'VALIDATION_FAILED' ? t('autosave.invalid')
    : autosave.error ? t('autosave.failed', { reason: (autosave.error as ApiError).message || t('errors.network', { ns: 'common' }) })
    : autosave.dirty ? t('autosave.dirty')
    : autosave.savedAt ? t(autosave.savedBy === 'auto' ? 'autosave.saved' : 'autosave.savedManual', { time: dayjs(autosave.savedAt).format('HH:mm') })
    : t('autosave.idle');

  const indicatorData = useMemo(() => {
    const groups = new Map<string, { value: string; label: string }[]>();
    for (const o of context.data?.indicators ?? []) {
      const group = o.group === 'subProject' ? t('subProject') : o.group;
      groups.set(group, [...(groups.get(group) ?? []), { value: o.code, label: `${o.text}${o.unit ? `（${o.unit}）` : ''}` }]);
    }
    // A code already reported but no longer offered still shows as itself.
    for (const r of values.indicatorActuals) {
      if (r.indicator && ![...groups.values()].some((g) => g.some((o) => o.value === r.indicator))) groups.set(r.indicator, [{ value: r.indicator, label: r.indicator }]);
    }
    return [...groups.entries()].map(([group, items]) => ({ group, items }));
  }, [context.data, values.indicatorActuals, t]);

  const rocYear = /^\d{4}$/.test(values.budgetYear.trim()) ? Number(values.budgetYear) - 1911 : null;

  return (
    <Stack gap="lg">
      <Paper withBorder p="md" radius="md" component="section" aria-labelledby="form-heading">
        <Group justify="space-between" align="flex-start" mb="sm">
          <div>
            <Title order={2} id="form-heading" size="h3">{t('form.heading')}</Title>
            <Text size="sm" c="dimmed">{t('form.intro')}</Text>
          </div>
          <Text size="sm" role="status" aria-live="polite" data-testid="autosave-status" fw={600}>{status}</Text>
        </Group>

        {autosave.block === 'conflict' && !movedOn && (
          <ConflictPanel
            latest={latest}
            mine={values}
            loading={loadingLatest}
            onLoad={() => void loadLatest()}
            onKeepMine={() => void keepMine()}
            onUseLatest={useLatest}
          />
        )}
        {(autosave.block === 'notDraft' || movedOn) && (
          <Alert color="red" variant="light" role="alert" icon={<IconAlertTriangle aria-hidden />} title={t('conflict.title')} mb="md" styles={{ message: { color: '#3b0a0a' }, title: { color: '#8a1212' } }}>
            <Text size="sm">{movedOn ? t('conflict.notDraft', { status: t(`submissionStatus.${submission.status}`, { ns: 'common' }) }) : t('errors.INVALID_TRANSITION', { ns: 'common' })}</Text>
            <Button mt="xs" size="xs" variant="white" color="red" onClick={() => window.location.reload()}>{t('conflict.reload')}</Button>
          </Alert>
        )}
        {autosave.block === 'forbidden' && <Alert color="red" variant="light" role="alert" mb="md"><Text size="sm">{t('forbiddenHint')}</Text></Alert>}
        {autosave.error != null && !autosave.block && (autosave.error as ApiError).code !== 'VALIDATION_FAILED' && (
          <div style={{ marginBottom: 12 }}><ErrorAlert error={autosave.error} /></div>
        )}

        <Stack gap="md">
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput
              label={t('form.progress')}
              description={t('form.progressHint')}
              inputMode="decimal"
              value={values.progressPercent}
              onChange={(e) => set('progressPercent', e.currentTarget.value)}
              error={fieldError('progressPercent')}
              rightSection="%"
              name="progressPercent"
            />
            <TextInput
              label={t('form.budget')}
              description={t('form.budgetHint')}
              inputMode="decimal"
              value={values.budgetExecuted}
              onChange={(e) => set('budgetExecuted', e.currentTarget.value)}
              error={fieldError('budgetExecuted')}
              name="budgetExecuted"
            />
            <TextInput
              label={t('form.budgetYear')}
              description={rocYear && rocYear > 0 ? t('form.budgetYearRoc', { roc: rocYear }) : t('form.budgetYearHint')}
              inputMode="numeric"
              maxLength={4}
              value={values.budgetYear}
              onChange={(e) => set('budgetYear', e.currentTarget.value)}
              error={fieldError('budgetYear')}
              name="budgetYear"
            />
          </SimpleGrid>
          <Textarea
            label={t('form.narrative')}
            description={t('form.narrativeHint')}
            autosize
            minRows={6}
            maxRows={20}
            value={values.narrative}
            onChange={(e) => set('narrative', e.currentTarget.value)}
            error={fieldError('narrative')}
            name="narrative"
          />

          <fieldset className="plain-fieldset">
            <legend><Text fw={600} size="sm">{t('form.indicators')}</Text></legend>
            <Text size="xs" c="dimmed" mb="xs">{t('form.indicatorsHint')}</Text>
            {values.indicatorActuals.length === 0 && <Text size="sm" mb="xs">{t('form.noIndicators')}</Text>}
            <Stack gap="sm">
              {values.indicatorActuals.map((row, i) => (
                <Paper key={row.key} withBorder p="sm" radius="sm" role="group" aria-label={t('form.indicatorN', { n: i + 1 })}>
                  <SimpleGrid cols={{ base: 1, md: 3 }} spacing="sm">
                    <Select
                      label={`${t('form.indicator')}（${i + 1}）`}
                      data={indicatorData}
                      value={row.indicator}
                      onChange={(value) => setRow(row.key, { indicator: value })}
                      searchable
                      nothingFoundMessage={t('form.noIndicatorOptions')}
                      error={fieldError(`indicatorActuals.${i}.indicator`)}
                      comboboxProps={{ withinPortal: true }}
                    />
                    <TextInput
                      label={`${t('form.value')}（${i + 1}）`}
                      inputMode="decimal"
                      value={row.value}
                      onChange={(e) => setRow(row.key, { value: e.currentTarget.value })}
                      error={fieldError(`indicatorActuals.${i}.value`)}
                    />
                    <TextInput
                      label={`${t('form.note')}（${i + 1}）`}
                      value={row.note}
                      onChange={(e) => setRow(row.key, { note: e.currentTarget.value })}
                      error={fieldError(`indicatorActuals.${i}.note`)}
                    />
                  </SimpleGrid>
                  <Group justify="flex-end" mt="xs">
                    <Button
                      size="xs"
                      variant="default"
                      leftSection={<IconTrash size={14} aria-hidden />}
                      onClick={() => setValues((v) => ({ ...v, indicatorActuals: v.indicatorActuals.filter((r) => r.key !== row.key) }))}
                    >
                      {t('form.removeIndicator', { n: i + 1 })}
                    </Button>
                  </Group>
                </Paper>
              ))}
            </Stack>
            <Button mt="sm" size="sm" variant="light" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => set('indicatorActuals', [...values.indicatorActuals, newRow()])}>
              {t('form.addIndicator')}
            </Button>
          </fieldset>
        </Stack>
      </Paper>

      <Paper withBorder p="md" radius="md" component="section" aria-labelledby="evidence-heading">
        <Title order={2} id="evidence-heading" size="h3" mb="sm">{t('evidence.heading')}</Title>
        <Stack gap="sm">
          <EvidenceDropzone
            submissionId={submission.id}
            onUploaded={(file) => {
              setFiles((list) => [...list, file]);
              setPendingIds((ids) => new Set([...ids, file.id]));
            }}
          />
          <EvidenceTable files={files} pendingIds={pendingIds} onRemove={(f) => void removeFile(f)} removing={removing} />
        </Stack>
      </Paper>

      <Paper withBorder p="md" radius="md" component="section" aria-label={t('form.submit')}>
        <Stack gap="xs">
          {submitError != null && <ErrorAlert error={submitError} />}
          <Group gap="sm">
            <Button
              variant="default"
              leftSection={<IconDeviceFloppy size={16} aria-hidden />}
              onClick={() => void autosave.save('manual')}
              disabled={!canSave || !!autosave.block}
              loading={autosave.saving && !submitting}
            >
              {t('form.saveNow')}
            </Button>
            <Button leftSection={<IconSend size={16} aria-hidden />} onClick={() => void submit()} loading={submitting} disabled={movedOn || (!!autosave.block && autosave.block !== 'auth')}>
              {t('form.submit')}
            </Button>
          </Group>
          <Text size="xs" c="dimmed">{t('form.submitHint')}</Text>
        </Stack>
      </Paper>
    </Stack>
  );
}

function remapProblems(problems: Record<string, string>, sentRowIndex: number[]): Record<string, string> {
  return Object.fromEntries(
    Object.entries(problems).map(([field, text]) => {
      const m = /^indicatorActuals\.(\d+)\.(.+)$/.exec(field);
      return [m ? `indicatorActuals.${sentRowIndex[Number(m[1])] ?? m[1]}.${m[2]}` : field, text];
    }),
  );
}

/** STALE_VERSION: autosave stops; the user compares the latest with what they typed and chooses. */
function ConflictPanel({ latest, mine, loading, onLoad, onKeepMine, onUseLatest }: {
  latest: SubmissionDetail | null;
  mine: FormValues;
  loading: boolean;
  onLoad: () => void;
  onKeepMine: () => void;
  onUseLatest: () => void;
}) {
  const { t } = useTranslation('submission');
  const theirs = latest ? valuesOf(latest.content) : null;
  const show = (v: FormValues, field: keyof FormValues): string =>
    field === 'indicatorActuals'
      ? v.indicatorActuals.filter((r) => r.indicator || r.value).map((r) => `${r.indicator ?? '—'}: ${r.value}${r.note ? `（${r.note}）` : ''}`).join('\n')
      : String(v[field] ?? '');
  const fields: (keyof FormValues)[] = ['progressPercent', 'narrative', 'indicatorActuals', 'budgetExecuted', 'budgetYear'];
  const notDraft = latest && latest.status !== 'draft';
  return (
    <Alert color="orange" variant="light" role="alert" icon={<IconAlertTriangle aria-hidden />} title={t('conflict.title')} mb="md" styles={{ message: { color: '#3d2600' }, title: { color: '#8a3300' } }}>
      <Text size="sm">{t('conflict.body')}</Text>
      {!latest && <Button mt="sm" size="sm" onClick={onLoad} loading={loading}>{t('conflict.loadLatest')}</Button>}
      {notDraft && (
        <>
          <Text size="sm" mt="sm" fw={600}>{t('conflict.notDraft', { status: t(`submissionStatus.${latest.status}`, { ns: 'common' }) })}</Text>
          <Button mt="xs" size="xs" variant="white" color="red" onClick={() => window.location.reload()}>{t('conflict.reload')}</Button>
        </>
      )}
      {theirs && !notDraft && (
        <>
          <Title order={3} size="h5" mt="md" mb="xs">{t('conflict.compareTitle')}</Title>
          <ScrollTable minWidth={560} label={t('conflict.compareTitle')}>
            <Table withTableBorder withColumnBorders bg="white">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('conflict.field')}</Table.Th>
                  <Table.Th scope="col">{t('conflict.latest')}</Table.Th>
                  <Table.Th scope="col">{t('conflict.mine')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {fields.map((f) => {
                  const a = show(theirs, f);
                  const b = show(mine, f);
                  return (
                    <Table.Tr key={f} className={a !== b ? 'diff-changed' : undefined}>
                      <Table.Th scope="row">
                        {t(`fields.${f}`)}
                        <Text size="xs" fw={700}>{a !== b ? `● ${t('diff.changed')}` : t('conflict.same')}</Text>
                      </Table.Th>
                      <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{a || '—'}</Table.Td>
                      <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{b || '—'}</Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </ScrollTable>
          <Group mt="sm" gap="sm">
            <Button size="sm" onClick={onKeepMine}>{t('conflict.keepMine')}</Button>
            <Button size="sm" variant="default" onClick={onUseLatest}>{t('conflict.useLatest')}</Button>
          </Group>
        </>
      )}
    </Alert>
  );
}
