import { Title } from '@mantine/core';
import { createLazyRoute } from '@tanstack/react-router';

function Page() {
  return <Title order={1}>sub-project-list</Title>;
}

export const Route = createLazyRoute('/app/sub-projects')({ component: Page });
