import { Title } from '@mantine/core';
import { createLazyRoute } from '@tanstack/react-router';

function Page() {
  return <Title order={1}>milestone</Title>;
}

export const Route = createLazyRoute('/app/milestones/$code')({ component: Page });
