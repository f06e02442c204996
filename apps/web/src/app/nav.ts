import type { Icon } from '@tabler/icons-react';

/** One link in the main navigation. Each feature offers its own from a `use…Nav()` hook in its nav.tsx. */
export interface NavEntry {
  to: string;
  label: string;
  icon: Icon;
  active: boolean;
  /** A number shown beside the label (with its meaning for screen readers), hidden when 0. */
  count?: number | null;
  /** What the count means, read after the number by screen readers (e.g. " 件待辦"). */
  countLabel?: string;
}
