import { Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { createLazyRoute, Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { programmesQuery } from '../sub-projects/sub-project.queries';
import { ErrorAlert } from '../ui/error-alert';
import { ScrollTable } from '../ui/scroll-table';
import { useProgrammePeriod } from './programme-format';
import './programmes.texts';

function ProgrammeListPage() {
  const { t } = useTranslation('programmes');
  const programmes = useQuery(programmesQuery);
  const period = useProgrammePeriod();
  return (
    <Stack gap="md">
      <Title order={1}>{t('listTitle')}</Title>
      <ErrorAlert error={programmes.error} />
      {programmes.isPending && <Loader size="sm" aria-label={t('common:states.loading')} />}
      {programmes.data && (
        <ScrollTable minWidth={640} label={t('listTable')}>
          <Table striped verticalSpacing="sm" aria-label={t('listTable')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('name')}</Table.Th>
                <Table.Th scope="col">{t('period')}</Table.Th>
                <Table.Th scope="col">{t('parent')}</Table.Th>
                <Table.Th scope="col" ta="right">{t('subProjects')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {programmes.data.map((p) => (
                <Table.Tr key={p.code}>
                  <Table.Td>
                    <Link to="/programmes/$code" params={{ code: p.code }}>{p.name}</Link>
                    {p.nameEn && <Text size="sm" lang="en">{p.nameEn}</Text>}
                  </Table.Td>
                  <Table.Td>{period(p.period)}</Table.Td>
                  <Table.Td>{p.parent?.name ?? t('none')}</Table.Td>
                  <Table.Td ta="right">{p.subProjectCount}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Stack>
  );
}

export const Route = createLazyRoute('/app/programmes')({ component: ProgrammeListPage });
