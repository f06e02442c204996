import { Button, Card, Group, Loader, MultiSelect, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { createLazyRoute, useParams } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, unwrap } from '../api/client';
import { isSecretariat, useMe } from '../auth/session';
import { organisationOptions, organisationsQuery } from '../sub-projects/sub-project.queries';
import { notify } from '../submissions/submission-parts';
import { ErrorAlert } from '../ui/error-alert';
import { DateText, useFormatDate } from '../ui/format';
import { AnchorLink } from '../ui/links';
import { CarriedOverBadge, TrackingBadge } from './meeting-parts';
import { type AgendaItem, ISO_DATE, type MeetingDetail, meetingQuery, useRefreshMeetings } from './meetings.queries';
import './meetings.texts';
import { ExportMenu } from '../exports/export-menu';

function Page() {
  const { code } = useParams({ from: '/app/meetings/$code' });
  const { t } = useTranslation('meetings');
  const query = useQuery(meetingQuery(code));
  if (query.isPending) return <Group gap="xs"><Loader size="sm" /><Text>{t('states.loading', { ns: 'common' })}</Text></Group>;
  if (query.isError) {
    return (
      <Stack>
        <Title order={1}>{t('loadFailed')}</Title>
        <ErrorAlert error={query.error} />
        <AnchorLink to="/meetings">{t('meeting.back')}</AnchorLink>
      </Stack>
    );
  }
  return <Meeting meeting={query.data} />;
}

function Meeting({ meeting }: { meeting: MeetingDetail }) {
  const { t } = useTranslation('meetings');
  const me = useMe();
  const carried = meeting.agenda.filter((a) => a.carriedOver);
  const own = meeting.agenda.filter((a) => !a.carriedOver);
  return (
    <Stack gap="lg" maw={1100}>
      <Stack gap="xs">
        <AnchorLink to="/meetings" size="sm">{t('meeting.back')}</AnchorLink>
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <Title order={1} size="h2">{meeting.name}</Title>
          <ExportMenu list="resolution-tracking" filters={{ meeting: meeting.code }} />
        </Group>
        <dl className="definition-list definition-list--inline">
          <dt>{t('meeting.heldOn')}</dt>
          <dd><DateText date={meeting.heldOn} />{meeting.heldUntil && <>～<DateText date={meeting.heldUntil} /></>}</dd>
          <dt>{t('meeting.body')}</dt>
          <dd>{meeting.body.name}</dd>
          <dt>{t('meeting.kind')}</dt>
          <dd>{t(`kind.${meeting.kind}`, { defaultValue: meeting.kind })}</dd>
          {meeting.source && (<><dt>{t('meeting.source')}</dt><dd>{meeting.source}</dd></>)}
        </dl>
        {meeting.description && <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{meeting.description}</Text>}
      </Stack>

      <Stack gap="sm" component="section" aria-labelledby="agenda-heading">
        <Title order={2} size="h3" id="agenda-heading">{t('meeting.agenda')}</Title>
        <Text size="sm">{t('meeting.agendaIntro')}</Text>
        {meeting.agenda.length === 0 && <Text size="sm">{t('meeting.agendaEmpty')}</Text>}
        {carried.length > 0 && (
          <Stack gap="sm" component="section" aria-labelledby="carried-heading">
            <Title order={3} size="h4" id="carried-heading">{t('meeting.carriedOver')}</Title>
            <AgendaList items={carried} label={t('meeting.carriedOver')} />
          </Stack>
        )}
        {own.length > 0 && (
          <Stack gap="sm" component="section" aria-labelledby="own-heading">
            <Title order={3} size="h4" id="own-heading">{t('meeting.own')}</Title>
            <AgendaList items={own} label={t('meeting.own')} />
          </Stack>
        )}
      </Stack>

      {isSecretariat(me) && <NewResolution meeting={meeting} />}
    </Stack>
  );
}

function AgendaList({ items, label }: { items: AgendaItem[]; label: string }) {
  return (
    <Stack gap="sm" component="ul" aria-label={label} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {items.map((item) => <AgendaEntry key={`${item.carriedOver}/${item.code}`} item={item} />)}
    </Stack>
  );
}

function AgendaEntry({ item }: { item: AgendaItem }) {
  const { t } = useTranslation('meetings');
  const formatDate = useFormatDate();
  return (
    <Card withBorder padding="sm" component="li" data-testid="agenda-item" data-code={item.code}>
      <Group gap="xs" mb={4} wrap="wrap">
        {item.carriedOver ? <CarriedOverBadge /> : <Text span fw={600} size="sm">{t('meeting.ownN', { seq: item.seq })}</Text>}
        {item.carriedOver && <Text span size="sm">{t('meeting.carriedOverFrom', { meeting: item.meeting.name, date: formatDate(item.meeting.heldOn), seq: item.seq })}</Text>}
      </Group>
      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{item.text}</Text>
      <dl className="definition-list definition-list--inline">
        <dt>{t('meeting.dueDate')}</dt>
        <dd>{item.dueDate ? <DateText date={item.dueDate} /> : t('meeting.noDueDate')}</dd>
        <dt>{t('meeting.organisations')}</dt>
        <dd>
          <Group gap="xs" wrap="wrap" component="span" data-testid="agenda-assignments">
            {item.assignments.map((a) => (
              <Group key={a.organisation.code} gap={4} component="span" wrap="nowrap"><Text span size="sm">{a.organisation.name}</Text><TrackingBadge status={a.status} /></Group>
            ))}
          </Group>
        </dd>
      </dl>
      <Group gap="sm" mt={4}>
        <AnchorLink to="/resolutions/$code" params={{ code: item.code }} size="sm" aria-label={`${t('meeting.open')}：${item.code}`}>{t('meeting.open')}</AnchorLink>
        <Text span size="sm">{t('meeting.followUps', { count: item.followUps.length })}</Text>
      </Group>
    </Card>
  );
}

/** The secretariat adds a resolution, tracked for each organisation it names. */
function NewResolution({ meeting }: { meeting: MeetingDetail }) {
  const { t } = useTranslation('meetings');
  const refresh = useRefreshMeetings();
  const formatDate = useFormatDate();
  const organisations = useQuery(organisationsQuery);
  const [text, setText] = useState('');
  const [orgs, setOrgs] = useState<string[]>([]);
  const [dueDate, setDueDate] = useState('');
  const [problems, setProblems] = useState<Record<string, string | undefined>>({});
  const [error, setError] = useState<unknown>(null);
  const [running, setRunning] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = {
      text: text.trim() ? undefined : t('newResolution.textRequired'),
      organisations: orgs.length ? undefined : t('newResolution.organisationsRequired'),
      dueDate: dueDate && !ISO_DATE.test(dueDate) ? t('newMeeting.dateRequired') : undefined,
    };
    setProblems(found);
    if (Object.values(found).some(Boolean)) return;
    setRunning(true);
    setError(null);
    try {
      await unwrap(api.POST('/api/meetings/{code}/resolutions', {
        params: { path: { code: meeting.code } }, body: { text: text.trim(), organisations: orgs, ...(dueDate ? { dueDate } : {}) },
      }));
      refresh();
      notify(t('newResolution.done'), t('actions.close', { ns: 'common' }));
      setText('');
      setOrgs([]);
      setDueDate('');
    } catch (err) {
      setError(err);
      if (err instanceof ApiError) setProblems(err.fieldProblems());
    } finally {
      setRunning(false);
    }
  };

  return (
    <Paper withBorder p="md" radius="md" component="form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="new-resolution-heading">
      <Title order={2} size="h3" id="new-resolution-heading" mb="sm">{t('newResolution.heading')}</Title>
      <Stack gap="sm">
        <Textarea label={t('newResolution.text')} description={t('newResolution.textHint')} required autosize minRows={3} value={text} onChange={(e) => setText(e.currentTarget.value)} error={problems.text} />
        <MultiSelect
          label={t('newResolution.organisations')}
          description={t('newResolution.organisationsHint')}
          required
          searchable
          data={organisationOptions(organisations.data)}
          value={orgs}
          onChange={setOrgs}
          error={problems.organisations}
          comboboxProps={{ withinPortal: true }}
        />
        <TextInput type="date" label={t('newResolution.dueDate')} value={dueDate} onChange={(e) => setDueDate(e.currentTarget.value)} error={problems.dueDate}
          description={ISO_DATE.test(dueDate) ? formatDate(dueDate) : undefined} maw={320} />
        <Group><Button type="submit" loading={running} leftSection={<IconPlus size={16} aria-hidden />}>{t('newResolution.submit')}</Button></Group>
        {error != null && <ErrorAlert error={error} />}
      </Stack>
    </Paper>
  );
}

export const Route = createLazyRoute('/app/meetings/$code')({ component: Page });
