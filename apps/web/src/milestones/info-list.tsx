import { Box, SimpleGrid, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** Label / value pairs as a description list: two columns on wide screens, one on narrow. */
export function InfoList({ items }: { items: [label: string, value: ReactNode][] }) {
  return (
    <SimpleGrid component="dl" cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="sm" m={0}>
      {items.map(([label, value]) => (
        <Box key={label}>
          <Text component="dt" size="sm" fw={600} c="dimmed">{label}</Text>
          <Box component="dd" m={0} mt={2} style={{ overflowWrap: 'anywhere' }}>{value}</Box>
        </Box>
      ))}
    </SimpleGrid>
  );
}
