/** Filled in by the my-work feature: the number of items waiting for the signed-in user. */
export function useMyWorkCount(): number | null {
  return null;
}
