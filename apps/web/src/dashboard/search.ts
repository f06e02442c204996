/** The dashboard's URL and the view it shows, read without the router: early-requests.ts reads them before the app runs. */

import { taipeiQuarter } from './quarters';

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

interface ProgrammeChoice { code: string; period: { start: { ad: number } | null; end: { ad: number } | null }; subProjectCount: number }

/** The programme shown when the URL names none: the largest whose period covers this year, else the newest. */
function defaultProgramme(programmes: readonly ProgrammeChoice[]): string | undefined {
  const year = Number(taipeiQuarter().slice(0, 4));
  const withWork = programmes.filter((p) => p.subProjectCount > 0);
  const byStart = [...withWork].sort((a, b) => (b.period.start?.ad ?? 0) - (a.period.start?.ad ?? 0));
  const current = withWork.filter((p) => (p.period.start?.ad ?? 0) <= year && (p.period.end?.ad ?? 9999) >= year).sort((a, b) => b.subProjectCount - a.subProjectCount);
  return (current[0] ?? byStart[0])?.code;
}

/** The programme and quarter the dashboard shows: the URL's, else the default programme and this quarter. */
export function shownView(search: DashboardSearch, programmes: readonly ProgrammeChoice[]): { programme: string | undefined; period: string } {
  return { programme: search.programme ?? defaultProgramme(programmes), period: search.period ?? taipeiQuarter() };
}
