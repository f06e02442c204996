import { Button, Menu, Stack, Text } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type ApiErrorBody } from '../api/client';
import { sessionEvents } from '../auth/session-events';
import { currentLanguage } from '../i18n/i18n';
import { ErrorAlert } from '../ui/error-alert';
import './exports.texts';

/** The lists the API exports (GET /api/exports/<list>), each with its screen's filters. */
export type ExportList = 'sub-projects' | 'milestones' | 'submissions' | 'overdue-milestones' | 'resolution-tracking';
const FORMATS = ['csv', 'xlsx', 'ods'] as const;
type Format = (typeof FORMATS)[number];

/** RFC 6266: the UTF-8 name (filename*) the API gives, e.g. 細部計畫_2026-12-02.xlsx. */
function fileName(disposition: string | null, fallback: string): string {
  const encoded = disposition?.match(/filename\*=UTF-8''([^;]+)/i)?.[1];
  return encoded ? decodeURIComponent(encoded) : fallback;
}

/**
 * "匯出" → CSV / XLSX / ODS of the list as the screen filters it. Fetched (not a plain link) so that an
 * error is explained on the page in the user's language instead of being saved as a file.
 */
export function ExportMenu({ list, filters }: { list: ExportList; filters: Record<string, string | number | boolean | undefined | null> }) {
  const { t } = useTranslation('exports');
  const [busy, setBusy] = useState<Format | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);

  async function download(format: Format) {
    setBusy(format);
    setError(null);
    setDone(null);
    try {
      const query = new URLSearchParams();
      for (const [key, value] of Object.entries(filters)) if (value !== undefined && value !== null && value !== '') query.set(key, String(value));
      query.set('format', format);
      query.set('lang', currentLanguage());
      const res = await fetch(`/api/exports/${list}?${query}`, { credentials: 'same-origin', headers: { 'accept-language': currentLanguage() } });
      if (!res.ok) {
        if (res.status === 401) sessionEvents.expired();
        const body = (await res.json().catch(() => null)) as ApiErrorBody | null;
        throw new ApiError(res.status, body?.error ?? { code: 'INTERNAL', status: res.status, message: res.statusText });
      }
      const name = fileName(res.headers.get('content-disposition'), `${list}.${format}`);
      const url = URL.createObjectURL(await res.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = name;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setDone(name);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  }

  return (
    <Stack gap={4} align="flex-end">
      <Menu position="bottom-end" withInitialFocusPlaceholder={false}>
        <Menu.Target>
          <Button variant="default" size="compact-sm" leftSection={<IconDownload size={16} aria-hidden />} loading={busy !== null} aria-label={t('menuLabel')}>
            {t('button')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {FORMATS.map((format) => (
            <Menu.Item key={format} onClick={() => void download(format)}>{t(format)}</Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      <Text size="xs" c="#495057" aria-live="polite">{busy ? t('preparing') : done ? t('done', { name: done }) : ''}</Text>
      <ErrorAlert error={error} />
    </Stack>
  );
}
