import { Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';

interface Pages {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
}

/** "載入更多" below a keyset-paginated list: the next page of the infinite query, shown only while there is one. */
export function LoadMore({ list, label }: { list: Pages; label?: string }) {
  const { t } = useTranslation();
  if (!list.hasNextPage) return null;
  return (
    <Group justify="center" mt="sm">
      <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>{label ?? t('actions.loadMore')}</Button>
    </Group>
  );
}
