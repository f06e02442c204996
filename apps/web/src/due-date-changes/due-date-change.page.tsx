import { Title } from '@mantine/core';
import { createLazyRoute } from '@tanstack/react-router';

function Page() {
  return <Title order={1}>due-date-change</Title>;
}

export const Route = createLazyRoute('/app/due-date-changes/$id')({ component: Page });
