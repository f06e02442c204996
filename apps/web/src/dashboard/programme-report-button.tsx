import { Button, Stack, Text } from '@mantine/core';
import { IconFileTypePdf } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../api/client';
import { ErrorAlert } from '../ui/error-alert';

const POLL_MS = 1000;
const GIVE_UP_MS = 120_000;

function download(href: string, name: string): void {
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
}

/**
 * Requests the programme status report (PDF) for the dashboard's programme and period, waits while the worker
 * generates it, and downloads it. The reports screen lists it afterwards too.
 */
export function ProgrammeReportButton({ programme, period }: { programme: string; period: string }) {
  const { t } = useTranslation('dashboard');
  const [state, setState] = useState<{ busy: boolean; error?: unknown; failed?: string; file?: { href: string; name: string } }>({ busy: false });

  const run = async () => {
    setState({ busy: true });
    try {
      let report = await unwrap(api.POST('/api/reports', { body: { kind: 'programme_status', format: 'pdf', programme, period } }));
      const started = Date.now();
      while ((report.status === 'queued' || report.status === 'running') && Date.now() - started < GIVE_UP_MS) {
        await new Promise((r) => setTimeout(r, POLL_MS));
        report = await unwrap(api.GET('/api/reports/{id}', { params: { path: { id: report.id } } }));
      }
      if (report.status !== 'ready' || !report.file) {
        setState({ busy: false, failed: report.error ?? report.status });
        return;
      }
      const file = { href: report.links.file, name: report.file.name };
      download(file.href, file.name);
      setState({ busy: false, file });
    } catch (error) {
      setState({ busy: false, error });
    }
  };

  return (
    <Stack gap={4} align="flex-end">
      <Button leftSection={<IconFileTypePdf size={18} aria-hidden />} onClick={() => void run()} loading={state.busy} variant="filled">
        {t('report')}
      </Button>
      <div aria-live="polite">
        {state.busy && <Text size="sm">{t('reportPreparing')}</Text>}
        {state.file && (
          <Text size="sm">
            {t('reportReady', { name: state.file.name })}{' '}
            <a href={state.file.href} download={state.file.name}>{t('reportAgain', { name: state.file.name })}</a>
          </Text>
        )}
        {state.failed && <Text size="sm" c="#8a1212">{t('reportFailed', { error: state.failed })}</Text>}
      </div>
      <ErrorAlert error={state.error} />
    </Stack>
  );
}
