import { Button, Card, Collapse, Group, Loader, Paper, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { createLazyRoute, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, unwrap } from '../api/client';
import { hasRole, isSecretariat, useMe } from '../auth/session';
import { organisationOptions, organisationsQuery } from '../sub-projects/sub-project.queries';
import { notify } from '../submissions/submission-parts';
import { ErrorAlert } from '../ui/error-alert';
import { DateText, useFormatDate } from '../ui/format';
import { AnchorLink } from '../ui/links';
import { ScrollTable, useWideScreen } from '../ui/scroll-table';
import { ISO_DATE, type MeetingListItem, meetingListQuery, useRefreshMeetings } from './meetings.queries';
import './meetings.texts';
import { ExportMenu } from '../exports/export-menu';

const KINDS = ['meeting', 'pre_meeting', 'advisory', 'working'] as const;

function MeetingListPage() {
  const { t } = useTranslation('meetings');
  const me = useMe();
  const meetings = useQuery(meetingListQuery);
  const wide = useWideScreen();
  const ministry = hasRole(me, 'ministry_officer', 'ministry_supervisor') && !isSecretariat(me);
  // Newest first: the meeting coming up or just held is what people look for.
  const items = [...(meetings.data ?? [])].sort((a, b) => b.heldOn.ad.localeCompare(a.heldOn.ad) || b.code.localeCompare(a.code));
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Title order={1}>{t('list.title')}</Title>
        <ExportMenu list="resolution-tracking" filters={{}} />
      </Group>
      <Text>{ministry ? t('list.introMinistry') : t('list.intro')}</Text>
      {isSecretariat(me) && <NewMeeting />}
      <Text size="sm" aria-live="polite">{meetings.isPending ? t('states.loading', { ns: 'common' }) : t('list.count', { count: items.length })}</Text>
      <ErrorAlert error={meetings.error} />
      {meetings.isPending && <Loader size="sm" aria-label={t('states.loading', { ns: 'common' })} />}
      {meetings.isSuccess && items.length === 0 && <Text>{t('list.empty')}</Text>}
      {items.length > 0 && (wide ? <MeetingTable items={items} /> : <MeetingCards items={items} />)}
    </Stack>
  );
}

function MeetingTable({ items }: { items: MeetingListItem[] }) {
  const { t } = useTranslation('meetings');
  return (
    <ScrollTable minWidth={760} label={t('list.table')}>
      <Table striped highlightOnHover verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('list.heldOn')}</Table.Th>
            <Table.Th scope="col">{t('list.name')}</Table.Th>
            <Table.Th scope="col">{t('list.body')}</Table.Th>
            <Table.Th scope="col">{t('list.kindCol')}</Table.Th>
            <Table.Th scope="col">{t('list.resolutions')}</Table.Th>
            <Table.Th scope="col">{t('list.open')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((m) => (
            <Table.Tr key={m.code}>
              <Table.Td><Text size="sm"><DateText date={m.heldOn} /></Text></Table.Td>
              <Table.Td><AnchorLink to="/meetings/$code" params={{ code: m.code }}>{m.name}</AnchorLink></Table.Td>
              <Table.Td><Text size="sm">{m.body.name}</Text></Table.Td>
              <Table.Td><Text size="sm">{t(`kind.${m.kind}`, { defaultValue: m.kind })}</Text></Table.Td>
              <Table.Td><Text size="sm">{t('list.resolutionCount', { count: m.resolutionCount })}</Text></Table.Td>
              <Table.Td><Text size="sm">{t('list.openCount', { count: m.openItemCount })}</Text></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

function MeetingCards({ items }: { items: MeetingListItem[] }) {
  const { t } = useTranslation('meetings');
  return (
    <Stack gap="sm" component="ul" aria-label={t('list.table')} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {items.map((m) => (
        <Card key={m.code} withBorder padding="sm" component="li">
          <AnchorLink to="/meetings/$code" params={{ code: m.code }} fw={600}>{m.name}</AnchorLink>
          <Text size="sm"><DateText date={m.heldOn} />・{m.body.name}</Text>
          <Text size="sm">{`${t(`kind.${m.kind}`, { defaultValue: m.kind })}・${t('list.resolutionCount', { count: m.resolutionCount })}・${t('list.openCount', { count: m.openItemCount })}`}</Text>
        </Card>
      ))}
    </Stack>
  );
}

/** The secretariat records a meeting: who holds it, its name, kind and date(s). */
function NewMeeting() {
  const { t } = useTranslation('meetings');
  const navigate = useNavigate();
  const refresh = useRefreshMeetings();
  const formatDate = useFormatDate();
  const organisations = useQuery(organisationsQuery);
  const [opened, setOpened] = useState(false);
  const [body, setBody] = useState<string | null>('sngroup');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<string>('meeting');
  const [heldOn, setHeldOn] = useState('');
  const [problems, setProblems] = useState<Record<string, string | undefined>>({});
  const [error, setError] = useState<unknown>(null);
  const [running, setRunning] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = {
      body: body ? undefined : t('newMeeting.bodyRequired'),
      name: name.trim() ? undefined : t('newMeeting.nameRequired'),
      heldOn: ISO_DATE.test(heldOn) ? undefined : t('newMeeting.dateRequired'),
    };
    setProblems(found);
    if (Object.values(found).some(Boolean)) return;
    setRunning(true);
    setError(null);
    try {
      const created = await unwrap(api.POST('/api/meetings', { body: { body: body!, name: name.trim(), kind: kind as (typeof KINDS)[number], heldOn } }));
      refresh();
      notify(t('newMeeting.done'), t('actions.close', { ns: 'common' }));
      void navigate({ to: '/meetings/$code', params: { code: created.code } });
    } catch (err) {
      setError(err);
      if (err instanceof ApiError) setProblems(err.fieldProblems());
    } finally {
      setRunning(false);
    }
  };

  return (
    <Stack gap="xs">
      <Group>
        <Button variant={opened ? 'default' : 'filled'} leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setOpened((o) => !o)} aria-expanded={opened} aria-controls="new-meeting">
          {t('newMeeting.open')}
        </Button>
      </Group>
      <Collapse expanded={opened}>
        <Paper withBorder p="md" radius="md" component="form" id="new-meeting" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="new-meeting-heading">
          <Title order={2} size="h3" id="new-meeting-heading" mb="sm">{t('newMeeting.heading')}</Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <Select label={t('newMeeting.body')} required searchable data={organisationOptions(organisations.data)} value={body} onChange={setBody} error={problems.body} comboboxProps={{ withinPortal: true }} />
            <Select label={t('newMeeting.kind')} required data={KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))} value={kind} onChange={(v) => setKind(v ?? 'meeting')} allowDeselect={false} comboboxProps={{ withinPortal: true }} />
            <TextInput label={t('newMeeting.name')} required value={name} onChange={(e) => setName(e.currentTarget.value)} error={problems.name} />
            <TextInput type="date" label={t('newMeeting.heldOn')} required value={heldOn} onChange={(e) => setHeldOn(e.currentTarget.value)} error={problems.heldOn}
              description={ISO_DATE.test(heldOn) ? formatDate(heldOn) : undefined} />
          </SimpleGrid>
          <Group mt="sm"><Button type="submit" loading={running}>{t('newMeeting.submit')}</Button></Group>
          {error != null && <div style={{ marginTop: 12 }}><ErrorAlert error={error} /></div>}
        </Paper>
      </Collapse>
    </Stack>
  );
}

export const Route = createLazyRoute('/app/meetings')({ component: MeetingListPage });
