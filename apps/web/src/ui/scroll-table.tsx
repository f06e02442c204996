import { Table } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { ReactNode } from 'react';

/** A table that scrolls sideways on narrow screens; the scrolling region is focusable so keyboards can scroll it. */
export function ScrollTable({ minWidth, label, labelledBy, children }: { minWidth: number; label?: string; labelledBy?: string; children: ReactNode }) {
  return (
    <Table.ScrollContainer type="native" minWidth={minWidth} tabIndex={0} role="region" aria-label={label} aria-labelledby={labelledBy}>
      {children}
    </Table.ScrollContainer>
  );
}

/** Mantine's `sm` breakpoint and up: one layout in the page at a time (not two with one hidden). */
export function useWideScreen(): boolean {
  return useMediaQuery('(min-width: 48em)', true, { getInitialValueInEffect: false });
}
