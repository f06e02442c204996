import { Title } from '@mantine/core';
import { createLazyRoute } from '@tanstack/react-router';

function Page() {
  return <Title order={1}>sub-project-detail</Title>;
}

export const Route = createLazyRoute('/app/sub-projects/$code')({ component: Page });
