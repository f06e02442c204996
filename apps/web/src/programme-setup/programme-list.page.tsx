import { Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconCopy, IconPencil, IconPlayerPlay, IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { createLazyRoute } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ToneBadge } from '../ui/badges';
import { ErrorAlert } from '../ui/error-alert';
import { AnchorLink } from '../ui/links';
import { ScrollTable } from '../ui/scroll-table';
import { CopyProgrammeForm, NewProgrammeForm } from './programme-forms';
import { setupListQuery } from './programme-setup.queries';
import './programme-setup.texts';

export function SetupStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation('programmeSetup');
  const icon = status === 'setting_up' ? <IconPencil size={16} aria-hidden /> : <IconPlayerPlay size={16} aria-hidden />;
  return <ToneBadge tone={status === 'setting_up' ? 'warn' : 'neutral'} icon={icon}>{t(`status.${status}`)}</ToneBadge>;
}

function ProgrammeListPage() {
  const { t } = useTranslation('programmeSetup');
  const list = useQuery(setupListQuery);
  const [form, setForm] = useState<{ kind: 'new' } | { kind: 'copy'; code: string; name: string } | null>(null);
  return (
    <Stack gap="md">
      <Title order={1}>{t('list.title')}</Title>
      <Text>{t('list.intro')}</Text>
      <Group><Button leftSection={<IconPlus aria-hidden size={16} />} onClick={() => setForm({ kind: 'new' })}>{t('list.new')}</Button></Group>
      {form?.kind === 'new' && <NewProgrammeForm onCancel={() => setForm(null)} />}
      {form?.kind === 'copy' && <CopyProgrammeForm key={form.code} source={form} onCancel={() => setForm(null)} />}
      <ErrorAlert error={list.error} />
      <ScrollTable minWidth={760} label={t('list.caption')}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('list.name')}</Table.Th>
              <Table.Th scope="col">{t('list.period')}</Table.Th>
              <Table.Th scope="col">{t('list.status')}</Table.Th>
              <Table.Th scope="col">{t('list.axes')}</Table.Th>
              <Table.Th scope="col">{t('list.subProjects')}</Table.Th>
              <Table.Th scope="col">{t('list.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(list.data ?? []).map((p) => (
              <Table.Tr key={p.code}>
                <Table.Td>
                  <AnchorLink to="/programme-setup/$code" params={{ code: p.code }}>{p.name}</AnchorLink>
                  <Text size="xs" c="#495057">{p.code}{p.copiedFrom ? ` · ${t('list.copiedFrom')} ${p.copiedFrom}` : ''}</Text>
                </Table.Td>
                <Table.Td>{p.startYear}–{p.endYear ?? ''}</Table.Td>
                <Table.Td><SetupStatusBadge status={p.status} /></Table.Td>
                <Table.Td>{p.axes}</Table.Td>
                <Table.Td>{p.subProjects}</Table.Td>
                <Table.Td>
                  <Button size="xs" variant="default" leftSection={<IconCopy aria-hidden size={14} />} aria-label={`${t('list.copy')}：${p.name}`}
                    onClick={() => { setForm({ kind: 'copy', code: p.code, name: p.name }); window.scrollTo({ top: 0 }); }}>
                    {t('list.copy')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
    </Stack>
  );
}

export const Route = createLazyRoute('/app/programme-setup')({ component: ProgrammeListPage });
