/** The dashboard's URL, read without the router: early-requests.ts reads it before the app runs. */

export type Light = 'green' | 'yellow' | 'red' | 'white';
export const LIGHTS: readonly Light[] = ['red', 'yellow', 'white', 'green'];

/** The dashboard's view, in the URL so that a link reproduces it. */
export interface DashboardSearch {
  programme?: string;
  /** YYYY-Qn */
  period?: string;
  /** Drill down into the sub-projects showing this light. */
  light?: Light;
}

const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, 64) : undefined);

export function parseDashboardSearch(search: Record<string, unknown>): DashboardSearch {
  const period = text(search.period);
  const light = text(search.light);
  return {
    programme: text(search.programme),
    period: period && /^[0-9]{4}-Q[1-4]$/.test(period) ? period : undefined,
    light: (LIGHTS as readonly string[]).includes(light ?? '') ? (light as Light) : undefined,
  };
}
