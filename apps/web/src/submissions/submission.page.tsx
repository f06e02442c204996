import { Button, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { IconGitCompare, IconPencil } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { createLazyRoute, useParams } from '@tanstack/react-router';
import { AnchorLink, ButtonLink } from '../ui/links';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hasRole, isSecretariat, useMe } from '../auth/session';
import { SubmissionStatusBadge } from '../ui/badges';
import { ErrorAlert } from '../ui/error-alert';
import { DateText, useFormatInstant } from '../ui/format';
import { EvidenceTable } from './evidence-list';
import { submissionContextQuery, type SubmissionDetail, submissionQuery } from './submission.queries';
import { ContentView, DecisionPanel, History, openSendBack, ReviewerComment, useStep } from './submission-parts';
import { SubmissionForm } from './submission-form';
import { AuditTrail } from '../account/audit-trail';
import './submission.texts';
import './submissions.css';

function Page() {
  const { id } = useParams({ from: '/app/submissions/$id' });
  const { t } = useTranslation('submission');
  const query = useQuery(submissionQuery(id));
  if (query.isPending) return <Group gap="xs"><Loader size="sm" /><Text>{t('states.loading', { ns: 'common' })}</Text></Group>;
  if (query.isError && !query.data) {
    return (
      <Stack>
        <Title order={1}>{t('loadFailed')}</Title>
        <ErrorAlert error={query.error} />
      </Stack>
    );
  }
  return <Submission submission={query.data} />;
}

function Submission({ submission }: { submission: SubmissionDetail }) {
  const { t } = useTranslation('submission');
  const me = useMe();
  const formatInstant = useFormatInstant();
  const [unsaved, setUnsaved] = useState(false);
  const context = useQuery({ ...submissionContextQuery(submission.subProject.code), enabled: hasRole(me, 'ministry_officer') || submission.content.indicatorActuals.length > 0 });
  // Co-organisers read and add evidence; only the lead's officers edit, submit and revise (the API decides in the end).
  const officerRole = hasRole(me, 'ministry_officer');
  const officer = officerRole && (context.data ? context.data.callerPart === 'lead' : context.isError);
  const supervisor = hasRole(me, 'ministry_supervisor');
  const secretariat = isSecretariat(me);
  const sentBack = openSendBack(submission.reviews);
  // A form with unsaved text stays on screen even when the submission moves on elsewhere (nothing typed is lost).
  const editing = officer && (submission.status === 'draft' || unsaved);
  // A new form (fresh from the server) each time the submission comes back to draft; not on other changes.
  const draftRound = submission.reviews.filter((r) => r.action === 'send_back' || r.action === 'revise').length;
  if (officerRole && context.isPending) return <Group gap="xs"><Loader size="sm" /><Text>{t('states.loading', { ns: 'common' })}</Text></Group>;
  const title = t('title', { what: submission.subProject.name, when: submission.milestone ? submission.milestone.code : submission.period });

  const readOnly = (
    <>
      <Paper withBorder p="md" radius="md" component="section" aria-labelledby="content-heading">
        <Title order={2} size="h3" id="content-heading" mb="sm">{t('content.heading', { n: submission.revision })}</Title>
        <ContentView content={submission.content} indicators={context.data?.indicators} />
      </Paper>
      <Paper withBorder p="md" radius="md" component="section" aria-labelledby="evidence-heading">
        <Title order={2} size="h3" id="evidence-heading" mb="sm">{t('evidence.heading')}</Title>
        <EvidenceTable files={submission.evidence} />
      </Paper>
    </>
  );

  return (
    <Stack gap="lg" maw={1100}>
      <Stack gap="xs">
        <Title order={1} size="h2">{title}</Title>
        <Group gap="sm">
          <SubmissionStatusBadge status={submission.status} />
          <Text size="sm">{t('revision', { n: submission.revision })}</Text>
          <Text size="sm">{t('lastUpdated')}：{formatInstant(submission.updatedAt)}</Text>
        </Group>
        <dl className="definition-list definition-list--inline">
          <dt>{t('subProject')}</dt>
          <dd><AnchorLink to="/sub-projects/$code" params={{ code: submission.subProject.code }}>{submission.subProject.name}</AnchorLink></dd>
          {submission.milestone && (
            <>
              <dt>{t('milestone')}</dt>
              <dd>
                <AnchorLink to="/milestones/$code" params={{ code: submission.milestone.code }}>{submission.milestone.code}</AnchorLink>
                <Text size="sm" lineClamp={4} title={submission.milestone.deliverable}>{submission.milestone.deliverable}</Text>
              </dd>
              <dt>{t('dueDate')}</dt>
              <dd><DateText date={submission.milestone.dueDate} /></dd>
            </>
          )}
          <dt>{t('period')}</dt>
          <dd>{submission.period}</dd>
          {submission.subProject.lead && (
            <>
              <dt>{t('lead')}</dt>
              <dd>{submission.subProject.lead.name}</dd>
            </>
          )}
        </dl>
      </Stack>

      {sentBack && <ReviewerComment review={sentBack} />}

      {editing && <SubmissionForm key={`${submission.id}:${draftRound}`} submission={submission} onDirtyChange={setUnsaved} />}

      {officer && submission.status === 'returned' && <ReviseAction submission={submission} />}

      {!editing && readOnly}

      {supervisor && submission.status === 'awaiting_supervisor' && (
        <DecisionPanel
          submission={submission}
          heading={t('supervisor.heading')}
          intro={t('supervisor.intro')}
          pass={{ step: 'approve', label: t('supervisor.approve'), done: t('supervisor.approved') }}
          back={{ step: 'send_back', label: t('supervisor.sendBack'), done: t('supervisor.sentBack') }}
        />
      )}

      {secretariat && submission.status === 'submitted' && (
        <DecisionPanel
          submission={submission}
          heading={t('review.heading')}
          intro={t('review.intro')}
          pass={{ step: 'accept', label: t('review.accept'), done: t('review.accepted') }}
          back={{ step: 'return', label: t('review.return'), done: t('review.returnedDone') }}
        >
          {submission.revisions.length > 1 && <DiffLink submission={submission} />}
        </DecisionPanel>
      )}

      {submission.revisions.length > 1 && !(secretariat && submission.status === 'submitted') && (
        <Group><DiffLink submission={submission} /></Group>
      )}

      <History submission={submission} />
      <AuditTrail entityType="submission" entityId={submission.id} version={submission.version} />
    </Stack>
  );
}

/** Compares what the reviewer saw last time with what is shown now: the revision returned, else the first. */
function DiffLink({ submission }: { submission: SubmissionDetail }) {
  const { t } = useTranslation('submission');
  const returned = [...submission.reviews].reverse().find((r) => r.action === 'return' && r.revision < submission.revision);
  const from = returned?.revision ?? Math.max(1, submission.revision - 1);
  return (
    <ButtonLink to="/submissions/$id/diff" params={{ id: submission.id }} search={{ from, to: submission.revision }} variant="light" leftSection={<IconGitCompare size={16} aria-hidden />} mb="sm">
      {t('review.diff')}
    </ButtonLink>
  );
}

function ReviseAction({ submission }: { submission: SubmissionDetail }) {
  const { t } = useTranslation('submission');
  const { run, running, error, reload } = useStep(submission);
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label={t('returned.revise')}>
      <Group gap="sm" align="center">
        <Button leftSection={<IconPencil size={16} aria-hidden />} loading={running === 'revise'} onClick={() => void run('revise')}>{t('returned.revise')}</Button>
        <Text size="sm">{t('returned.reviseHint')}</Text>
      </Group>
      {error != null && <div style={{ marginTop: 12 }}><ErrorAlert error={error} onReload={reload} /></div>}
    </Paper>
  );
}

export const Route = createLazyRoute('/app/submissions/$id')({ component: Page });
