import type { NavEntry } from '../app/nav';

/** This feature's links in the main navigation (none until it has a screen). */
export function useAccountNav(): NavEntry[] {
  return [];
}
