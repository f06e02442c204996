import { ActionIcon, Alert, Anchor, Badge, Box, Button, Group, Paper, Progress, Stack, Table, Text } from '@mantine/core';
import { Dropzone, type FileRejection } from '@mantine/dropzone';
import { IconDownload, IconFileUpload, IconTrash, IconX } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { useFormatInstant } from '../ui/format';
import { ScrollTable, useWideScreen } from '../ui/scroll-table';
import { EVIDENCE_ACCEPT, EVIDENCE_MAX_BYTES, formatBytes, uploadEvidence } from './evidence-upload';
import type { EvidenceFile } from './submission.queries';
import './submission.texts';

/** The files of a revision: name (a download link), size, who uploaded; optionally a remove button. */
export function EvidenceTable({ files, pendingIds, onRemove, removing }: {
  files: EvidenceFile[];
  pendingIds?: ReadonlySet<string>;
  onRemove?: (file: EvidenceFile) => void;
  removing?: string | null;
}) {
  const { t } = useTranslation('submission');
  const formatInstant = useFormatInstant();
  const wide = useWideScreen();
  if (files.length === 0) return <Text size="sm">{t('evidence.none')}</Text>;
  const download = (f: EvidenceFile) => (
    <Anchor href={`/api/evidence/${f.id}`} download={f.filename} aria-label={t('evidence.download', { name: f.filename })} style={{ overflowWrap: 'anywhere' }}>
      <Group gap={4} wrap="nowrap" component="span">
        <IconDownload size={16} aria-hidden />
        <span>{f.filename}</span>
      </Group>
    </Anchor>
  );
  const removeButton = (f: EvidenceFile) =>
    onRemove && (
      <Button size="xs" variant="default" leftSection={<IconTrash size={14} aria-hidden />} loading={removing === f.id} onClick={() => onRemove(f)} aria-label={t('evidence.remove', { name: f.filename })}>
        {t('evidence.removeShort')}
      </Button>
    );
  return (
    <>
    {/* Narrow screens: one card per file instead of a table to scroll sideways. */}
    {!wide && <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {files.map((f) => (
        <Paper key={f.id} withBorder p="xs" radius="sm" component="li">
          {download(f)}
          <Text size="xs">{formatBytes(f.sizeBytes)}・{t('evidence.uploadedBy', { who: f.uploadedBy.displayName, when: formatInstant(f.createdAt) })}</Text>
          {pendingIds?.has(f.id) && <Text size="xs" c="dimmed">{t('evidence.pendingNote')}</Text>}
          {onRemove && <Group mt={4}>{removeButton(f)}</Group>}
        </Paper>
      ))}
    </Stack>}
    {wide && <Box>
    <ScrollTable minWidth={520} label={t('evidence.heading')}>
      <Table striped withTableBorder verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('evidence.name')}</Table.Th>
            <Table.Th scope="col">{t('evidence.size')}</Table.Th>
            <Table.Th scope="col">{t('evidence.uploader')}</Table.Th>
            {onRemove && <Table.Th scope="col">{t('evidence.actions')}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {files.map((f) => (
            <Table.Tr key={f.id}>
              <Table.Td>
                {download(f)}
                {pendingIds?.has(f.id) && <Text size="xs" c="dimmed">{t('evidence.pendingNote')}</Text>}
              </Table.Td>
              <Table.Td>{formatBytes(f.sizeBytes)}</Table.Td>
              <Table.Td><Text size="sm">{f.uploadedBy.displayName}</Text><Text size="xs" c="dimmed">{formatInstant(f.createdAt)}</Text></Table.Td>
              {onRemove && (
                <Table.Td>{removeButton(f)}</Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
    </Box>}
    </>
  );
}

interface Upload {
  key: string;
  file: File;
  percent: number;
  error: string | null;
  uploading: boolean;
  /** refused by the API for a reason that may pass (network, session, server), not for what the file is */
  retryable: boolean;
}

let uploadSeq = 0;

/** The common explanation of an error code, then the API's own sentence (it names the limit or the type). */
function apiReason(error: unknown, t: (key: string, options?: Record<string, unknown>) => string): string {
  if (!(error instanceof ApiError)) return String(error);
  const explanation = t(`errors.${error.code}`, { ns: 'common', defaultValue: '' });
  return [explanation, error.message && error.message !== explanation ? error.message : ''].filter(Boolean).join(' ') || t('errors.INTERNAL', { ns: 'common' });
}

/**
 * Drag and drop, click, or Enter/Space on the focused zone: each file gets its own progress bar.
 * Type and size are checked before sending (the same list and limit as the API), and the API's
 * 413/415 answers are shown under the file when it refuses anyway.
 */
export function EvidenceDropzone({ submissionId, onUploaded, disabled }: { submissionId: string; onUploaded: (file: EvidenceFile) => void; disabled?: boolean }) {
  const { t } = useTranslation('submission');
  const [uploads, setUploads] = useState<Upload[]>([]);
  const maxText = formatBytes(EVIDENCE_MAX_BYTES);
  const hintId = useRef(`evidence-hint-${++uploadSeq}`).current;

  const patch = (key: string, change: Partial<Upload>) => setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...change } : u)));

  const start = (file: File, key = `upload-${++uploadSeq}`) => {
    setUploads((list) => [...list.filter((u) => u.key !== key), { key, file, percent: 0, error: null, uploading: true, retryable: false }]);
    const { done } = uploadEvidence(submissionId, file, (percent) => patch(key, { percent }));
    done.then(
      (saved) => {
        setUploads((list) => list.filter((u) => u.key !== key));
        onUploaded(saved);
      },
      (error: unknown) => {
        const reason = apiReason(error, t);
        const retryable = !(error instanceof ApiError) || ![400, 413, 415].includes(error.status);
        patch(key, { uploading: false, error: t('evidence.failed', { name: file.name, reason }), retryable });
      },
    );
  };

  const reject = (rejections: FileRejection[]) => {
    setUploads((list) => [
      ...list,
      ...rejections.map(({ file, errors }) => ({
        key: `upload-${++uploadSeq}`,
        file,
        percent: 0,
        uploading: false,
        retryable: false,
        error: errors.some((e) => e.code === 'file-too-large')
          ? t('evidence.tooLarge', { name: file.name, size: formatBytes(file.size), max: maxText })
          : t('evidence.badType', { name: file.name }),
      })),
    ]);
  };

  return (
    <Stack gap="xs">
      <Dropzone
        onDrop={(files) => files.forEach((f) => start(f))}
        onReject={reject}
        accept={EVIDENCE_ACCEPT}
        maxSize={EVIDENCE_MAX_BYTES}
        disabled={disabled}
        role="button"
        aria-label={t('evidence.dropLabel')}
        aria-describedby={hintId}
        className="evidence-dropzone"
        // visually hidden is still focusable for axe (nested-interactive); display:none still opens the chooser
        inputProps={{ style: { display: 'none' } }}
      >
        <Group justify="center" gap="sm" mih={72} style={{ pointerEvents: 'none' }} wrap="nowrap">
          <IconFileUpload size={32} aria-hidden />
          <div>
            <Text size="sm" fw={600}>{t('evidence.drop')}</Text>
            <Text size="xs" c="dimmed" id={hintId}>{t('evidence.accept', { max: maxText })}</Text>
          </div>
        </Group>
      </Dropzone>
      <div aria-live="polite">
        {uploads.map((u) =>
          u.error ? (
            <Alert key={u.key} color="red" variant="light" role="alert" p="xs" mt={4} styles={{ message: { color: '#3b0a0a' } }}>
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <Text size="sm">{u.error}</Text>
                <Group gap={4} wrap="nowrap">
                  {u.retryable && (
                    <Button size="compact-xs" variant="white" color="red" onClick={() => start(u.file, u.key)} aria-label={t('evidence.retry', { name: u.file.name })}>
                      {t('actions.retry', { ns: 'common' })}
                    </Button>
                  )}
                  <ActionIcon variant="subtle" color="dark" onClick={() => setUploads((l) => l.filter((x) => x.key !== u.key))} aria-label={t('evidence.dismiss', { name: u.file.name })}>
                    <IconX size={16} aria-hidden />
                  </ActionIcon>
                </Group>
              </Group>
            </Alert>
          ) : (
            <div key={u.key}>
              <Group justify="space-between" gap="xs" wrap="nowrap">
                <Text size="sm" truncate>{u.file.name}</Text>
                <Badge variant="outline" color="dark" style={{ textTransform: 'none' }}>{t('evidence.uploading', { percent: u.percent })}</Badge>
              </Group>
              <Progress value={u.percent} aria-label={t('evidence.progressLabel', { name: u.file.name })} mt={4} />
            </div>
          ),
        )}
      </div>
    </Stack>
  );
}
