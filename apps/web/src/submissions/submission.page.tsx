import { Title } from '@mantine/core';
import { createLazyRoute } from '@tanstack/react-router';

function Page() {
  return <Title order={1}>submission</Title>;
}

export const Route = createLazyRoute('/app/submissions/$id')({ component: Page });
