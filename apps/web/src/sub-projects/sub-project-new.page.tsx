import { Title } from '@mantine/core';
import { createLazyRoute } from '@tanstack/react-router';

function Page() {
  return <Title order={1}>sub-project-new</Title>;
}

export const Route = createLazyRoute('/app/sub-projects/new')({ component: Page });
