import { Alert, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { createLazyRoute } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../ui/error-alert';
import { useFormatDate } from '../ui/format';
import {
  AssignmentItem, DueDateChangeItem, MilestoneItem, ReleaseRequestItem, ReturnedItem, ReviewItem, SubmissionItemView, WorkGroup,
} from './my-work-items';
import { myWorkQuery } from './my-work.queries';
import './my-work.texts';

function MyWorkPage() {
  const { t } = useTranslation('myWork');
  const { t: tc } = useTranslation();
  const formatDate = useFormatDate();
  const work = useQuery(myWorkQuery);

  if (work.isPending) {
    return (
      <Stack>
        <Title order={1}>{tc('nav.myWork')}</Title>
        <Loader aria-label={tc('states.loading')} />
      </Stack>
    );
  }
  if (work.isError) {
    return (
      <Stack>
        <Title order={1}>{tc('nav.myWork')}</Title>
        <Text>{t('loadFailed')}</Text>
        <ErrorAlert error={work.error} onReload={() => void work.refetch()} />
      </Stack>
    );
  }

  const { officer, supervisor, secretariat, counts, asOf, actingFor } = work.data;
  const g = (key: string) => ({ label: t(`groups.${key}`), empty: t(`empty.${key}`) });
  const noRole = !officer && !supervisor && !secretariat;

  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>{tc('nav.myWork')}</Title>
        <Text mt={4}>{t('intro', { date: formatDate(asOf) })}</Text>
        {actingFor.length > 0 && <Text size="sm" c="dimmed">{t('actingFor', { organisations: actingFor.map((o) => o.name).join(t('separator')) })}</Text>}
      </div>

      {noRole ? (
        <Alert variant="light" color="gray" styles={{ message: { color: '#212529' } }}>{t('noRoleWork')}</Alert>
      ) : counts.total === 0 ? (
        <Alert variant="light" color="green" styles={{ message: { color: '#1b4d24' } }}>{t('nothingAtAll')}</Alert>
      ) : null}

      {officer && (
        <Stack component="section" aria-labelledby="work-officer" gap="sm">
          <Title order={2} size="h3" id="work-officer">{t('sections.officer')}</Title>
          <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
            <WorkGroup {...g('returned')} total={officer.returned.total} shown={officer.returned.items.length}>
              {officer.returned.items.map((item) => <ReturnedItem key={item.id} item={item} />)}
            </WorkGroup>
            <WorkGroup {...g('milestones')} hint={t('hints.milestones')} total={officer.milestones.total} shown={officer.milestones.items.length}>
              {officer.milestones.items.map((item) => <MilestoneItem key={item.code} item={item} />)}
            </WorkGroup>
            <WorkGroup {...g('drafts')} total={officer.drafts.total} shown={officer.drafts.items.length}>
              {officer.drafts.items.map((item) => <SubmissionItemView key={item.id} item={item} />)}
            </WorkGroup>
            <WorkGroup {...g('assignments')} hint={t('hints.assignments')} total={officer.assignments.total} shown={officer.assignments.items.length}>
              {officer.assignments.items.map((item) => <AssignmentItem key={item.code} item={item} />)}
            </WorkGroup>
            <WorkGroup {...g('dueDateChanges')} hint={t('hints.dueDateChanges')} total={officer.dueDateChanges.total} shown={officer.dueDateChanges.items.length}>
              {officer.dueDateChanges.items.map((item) => <DueDateChangeItem key={item.id} item={item} showDecision />)}
            </WorkGroup>
          </SimpleGrid>
        </Stack>
      )}

      {supervisor && (
        <Stack component="section" aria-labelledby="work-supervisor" gap="sm">
          <Title order={2} size="h3" id="work-supervisor">{t('sections.supervisor')}</Title>
          <WorkGroup {...g('awaitingApproval')} total={supervisor.awaitingApproval.total} shown={supervisor.awaitingApproval.items.length}>
            {supervisor.awaitingApproval.items.map((item) => <SubmissionItemView key={item.id} item={item} />)}
          </WorkGroup>
        </Stack>
      )}

      {secretariat && (
        <Stack component="section" aria-labelledby="work-secretariat" gap="sm">
          <Title order={2} size="h3" id="work-secretariat">{t('sections.secretariat')}</Title>
          <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
            <WorkGroup {...g('pendingReviews')} total={secretariat.pendingReviews.total} shown={secretariat.pendingReviews.items.length}>
              {secretariat.pendingReviews.items.map((item) => <ReviewItem key={item.id} item={item} />)}
            </WorkGroup>
            <WorkGroup {...g('pendingDueDateChanges')} total={secretariat.dueDateChanges.total} shown={secretariat.dueDateChanges.items.length}>
              {secretariat.dueDateChanges.items.map((item) => <DueDateChangeItem key={item.id} item={item} showDecision={false} />)}
            </WorkGroup>
            <WorkGroup {...g('releaseRequests')} total={secretariat.releaseRequests.total} shown={secretariat.releaseRequests.items.length}>
              {secretariat.releaseRequests.items.map((item) => <ReleaseRequestItem key={`${item.code}/${item.organisation.code}`} item={item} />)}
            </WorkGroup>
          </SimpleGrid>
        </Stack>
      )}
    </Stack>
  );
}

export const Route = createLazyRoute('/app/')({ component: MyWorkPage });
