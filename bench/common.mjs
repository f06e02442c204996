/** Shared by the bench scripts (plain .mjs: run on demand, not compiled, not part of npm test). */

export const DEFAULT_BENCH_URL = 'postgres://postgres@127.0.0.1:5432/guankao_bench';

/** Officers and supervisors the generator creates for every ministry (password: the demo password). */
export function benchUserEmail(ministryCode, role) {
  return `${ministryCode}.${role}@bench.guankao.tw`;
}

/** Today's date in Asia/Taipei, ISO. */
export function taipeiToday(now = new Date()) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Taipei', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The quarter an ISO date falls in, and the n quarters before it. */
export function quarterOf(iso, back = 0) {
  const index = Number(iso.slice(0, 4)) * 4 + Math.floor((Number(iso.slice(5, 7)) - 1) / 3) - back;
  return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
}

/** Period of the submit benchmark's pool of drafts (one per sub-project): the current quarter. */
export const BENCH_PERIOD = quarterOf(taipeiToday());
/** Lights are generated for the four quarters ending with the last complete one. */
export const LIGHT_PERIODS = [3, 2, 1, 0].map((b) => quarterOf(taipeiToday(), b + 1));
export const LIGHT_PERIOD = LIGHT_PERIODS[LIGHT_PERIODS.length - 1];
