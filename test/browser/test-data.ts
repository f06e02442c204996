// Data the browser tests generate: files to upload, dates in Taiwan's time, sub-projects to report on.
import { type APIRequestContext, type APIResponse, expect } from '@playwright/test';

/** Evidence files the type checks accept: the ones the API tests upload. */
export { minimalPdf } from '../support/evidence-files';

/** Today in Asia/Taipei, YYYY-MM-DD. */
export function taipeiToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Taipei', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The current quarter in Taiwan, e.g. 2026-Q4. */
export function taipeiQuarter(): string {
  const today = taipeiToday();
  return `${today.slice(0, 4)}-Q${Math.ceil(Number(today.slice(5, 7)) / 3)}`;
}

/** The last day of the current quarter: a milestone due then is not overdue today. */
export function quarterEnd(): string {
  const today = taipeiToday();
  const year = Number(today.slice(0, 4));
  const endMonth = Math.ceil(Number(today.slice(5, 7)) / 3) * 3;
  const last = new Date(Date.UTC(year, endMonth, 0)).getUTCDate();
  return `${year}-${String(endMonth).padStart(2, '0')}-${last}`;
}

/**
 * A sub-project of its own, led by 經濟部 alone (no co-organiser) and acknowledged, with one milestone due at the
 * quarter's end and its light computed: other tests' milestones never colour its light.
 */
export async function prepareSubProject(coordinator: APIRequestContext, officer: APIRequestContext) {
  const tag = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
  const ok = async (response: Promise<APIResponse>, status = 200) => {
    const r = await response;
    expect(r.status(), `${r.url()}: ${await r.text()}`).toBe(status);
    return r.json();
  };
  const name = `晶片驗證計畫（瀏覽器測試 ${tag}）`;
  const created = await ok(coordinator.post('/api/sub-projects', { data: { programme: 'aap2', name, axes: ['aap2-axis-2'] } }), 201);
  const code = created.code as string;
  const assigned = await ok(coordinator.post(`/api/sub-projects/${code}/assign`, { data: { version: created.version, lead: 'moea', coOrganisers: [], reason: '瀏覽器測試' } }));
  await ok(officer.post(`/api/sub-projects/${code}/acknowledge`, { data: { version: assigned.version } }));
  const deliverable = `完成晶片驗證期末報告（${tag}）`;
  const milestone = await ok(coordinator.post(`/api/sub-projects/${code}/milestones`, { data: { deliverable, dueDate: quarterEnd() } }), 201);
  await ok(coordinator.post('/api/lights/recompute', { data: { subProject: code, period: taipeiQuarter() } }));
  return { code, name, milestone: milestone.code as string, deliverable };
}

/** A new draft submission of the officer on a fresh milestone. */
export async function prepareDraft(coordinator: APIRequestContext, officer: APIRequestContext) {
  const sp = await prepareSubProject(coordinator, officer);
  const created = await officer.post('/api/submissions', { data: { subProject: sp.code, milestone: sp.milestone, progressPercent: '10', narrative: '初稿' } });
  expect(created.status(), await created.text()).toBe(201);
  return { ...sp, submission: ((await created.json()) as { id: string }).id };
}
