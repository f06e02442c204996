import type { DataSource } from 'typeorm';
import type { Client, DemoUser, TestApi } from './api.js';
import { minimalPdf } from './evidence-files.js';

/** Resources the matrix calls routes with: one owned by 經濟部 (moea) and one by 數位部 (moda) of each kind. */
export interface Fixtures {
  subProject: Record<'moea' | 'moda', string>;
  /** A milestone of that organisation's sub-project, due 2018-12-31. */
  milestone: Record<'moea' | 'moda', string>;
  /** A resolution assigned to that organisation only (libs/meetings). */
  resolution: Record<'moea' | 'moda', string>;
  /** A submission of that organisation, sent to the secretariat, with one evidence file (libs/submissions). */
  submission: Record<'moea' | 'moda', string>;
  evidence: Record<'moea' | 'moda', string>;
  /** A decided gate review (go with conditions) of a flagship sub-project of that organisation, the demo reviewer assigned (libs/gates). */
  gateReview: Record<'moea' | 'moda', string>;
  /** Its open condition, owned by that organisation. */
  gateCondition: Record<'moea' | 'moda', string>;
  /** A pending due-date change request on a milestone of that organisation (libs/sub-projects). */
  dueDateChange: Record<'moea' | 'moda', string>;
}

type Owner = 'moea' | 'moda';

export interface Rule {
  /** The demo users the route lets through, or public. */
  allow: readonly DemoUser[] | 'public';
  /** Ministry users are refused on another organisation's data. */
  scoped?: boolean;
  /** The refusal is a 404 (the data is hidden from that caller) rather than a 403. */
  hiddenAs404?: boolean;
  /** Path parameters for a resource owned by `owner`. */
  params?: (f: Fixtures, owner: Owner) => Record<string, string>;
  /** A body that passes the access layer but changes nothing (stale version, incomplete). */
  body?: unknown;
  /** The call ends the caller's session or all of them (logout, logout-all): make it with a session of its own, then sign in again. */
  freshSession?: boolean;
}

const EVERYONE: readonly DemoUser[] = ['coordinator', 'moea-officer', 'moea-supervisor', 'moda-officer', 'moda-supervisor', 'reviewer', 'viewer', 'admin'];
const SECRETARIAT: readonly DemoUser[] = ['coordinator', 'admin'];
const MINISTRIES: readonly DemoUser[] = ['moea-officer', 'moea-supervisor', 'moda-officer', 'moda-supervisor'];
/** A version no row has: an allowed caller gets 409 and nothing changes. */
const STALE = { version: 999 };
const NO_SUCH_REQUEST = '00000000-0000-4000-8000-000000000000';

export const RULES: Record<string, Rule> = {
  'GET /health': { allow: 'public' },
  'POST /api/auth/login': { allow: 'public' },
  'POST /api/auth/refresh': { allow: 'public' },
  'POST /api/auth/logout': { allow: EVERYONE, freshSession: true },
  'GET /api/auth/session': { allow: 'public' },
  'POST /api/auth/session': { allow: 'public' },
  'DELETE /api/auth/session': { allow: EVERYONE, freshSession: true },
  'POST /api/auth/logout-all': { allow: EVERYONE, freshSession: true },
  'GET /api/auth/me': { allow: EVERYONE },
  'GET /api/me/work': { allow: EVERYONE },
  'GET /api/me/profile': { allow: EVERYONE },
  'PATCH /api/me/profile': { allow: EVERYONE, body: {} },
  'POST /api/me/password': { allow: EVERYONE, body: { currentPassword: 'not-the-password', newPassword: 'x' } },
  'GET /api/me/sessions': { allow: EVERYONE },
  'DELETE /api/me/sessions/{id}': { allow: EVERYONE, params: () => ({ id: NO_SUCH_REQUEST }) },
  'POST /api/me/sessions/end-others': { allow: EVERYONE, freshSession: true },
  'GET /api/me/delegations': { allow: EVERYONE },
  'GET /api/me/delegate-candidates': { allow: EVERYONE },
  'POST /api/me/delegations': { allow: EVERYONE, body: {} },
  'GET /api/delegations': { allow: EVERYONE },
  'GET /api/delegations/{id}': { allow: EVERYONE, params: () => ({ id: NO_SUCH_REQUEST }) },
  'POST /api/delegations/{id}/end': { allow: EVERYONE, params: () => ({ id: NO_SUCH_REQUEST }) },
  'GET /api/organisations': { allow: EVERYONE },
  // Organisations (libs/organisations) and programme setup (libs/programme-setup): empty bodies are refused (400); aap2 is seeded, so finish answers 409.
  'GET /api/organisations/{code}': { allow: EVERYONE, params: () => ({ code: 'moea' }) },
  'POST /api/organisations': { allow: ['admin'], body: {} },
  'POST /api/organisations/{code}/rename': { allow: ['admin'], params: () => ({ code: 'moea' }), body: {} },
  'POST /api/organisations/{code}/move': { allow: ['admin'], params: () => ({ code: 'moea' }), body: {} },
  'GET /api/programme-setup/programmes': { allow: SECRETARIAT },
  'GET /api/programme-setup/programmes/{code}': { allow: SECRETARIAT, params: () => ({ code: 'aap2' }) },
  'POST /api/programme-setup/programmes': { allow: SECRETARIAT, body: {} },
  'PATCH /api/programme-setup/programmes/{code}': { allow: SECRETARIAT, params: () => ({ code: 'aap2' }), body: { startYear: 'x' } },
  'POST /api/programme-setup/programmes/{code}/finish': { allow: SECRETARIAT, params: () => ({ code: 'aap2' }) },
  'POST /api/programme-setup/programmes/{code}/copy': { allow: SECRETARIAT, params: () => ({ code: 'aap2' }), body: {} },
  'POST /api/programme-setup/programmes/{code}/axes': { allow: SECRETARIAT, params: () => ({ code: 'aap2' }), body: {} },
  'POST /api/programme-setup/programmes/{code}/indicators': { allow: SECRETARIAT, params: () => ({ code: 'aap2' }), body: {} },
  'PATCH /api/programme-setup/axes/{code}': { allow: SECRETARIAT, params: () => ({ code: 'no-such-axis' }), body: {} },
  'POST /api/programme-setup/axes/{code}/categories': { allow: SECRETARIAT, params: () => ({ code: 'no-such-axis' }), body: {} },
  'POST /api/programme-setup/axes/{code}/focus-areas': { allow: SECRETARIAT, params: () => ({ code: 'no-such-axis' }), body: {} },
  'PATCH /api/programme-setup/focus-areas/{code}': { allow: SECRETARIAT, params: () => ({ code: 'no-such-focus-area' }), body: {} },
  'PATCH /api/programme-setup/indicators/{code}': { allow: SECRETARIAT, params: () => ({ code: 'no-such-indicator' }), body: {} },
  'GET /api/users': { allow: EVERYONE },
  // Account administration (libs/users): admins and ministry account administrators (no demo user has that role; test/users.e2e-spec.ts covers it).
  'POST /api/users': { allow: ['admin'], body: {} },
  'GET /api/users/management-scope': { allow: ['admin'] },
  'GET /api/users/{id}': { allow: ['admin'], params: () => ({ id: NO_SUCH_REQUEST }) },
  'PATCH /api/users/{id}': { allow: ['admin'], params: () => ({ id: NO_SUCH_REQUEST }), body: {} },
  'POST /api/users/{id}/deactivate': { allow: ['admin'], params: () => ({ id: NO_SUCH_REQUEST }) },
  'POST /api/users/{id}/reactivate': { allow: ['admin'], params: () => ({ id: NO_SUCH_REQUEST }) },
  'POST /api/users/{id}/send-link': { allow: ['admin'], params: () => ({ id: NO_SUCH_REQUEST }) },
  'POST /api/auth/link': { allow: 'public' },
  'POST /api/auth/set-password': { allow: 'public' },
  'POST /api/auth/password-reset': { allow: 'public' },
  'GET /api/programmes': { allow: EVERYONE },
  'GET /api/programmes/{code}': { allow: EVERYONE, params: () => ({ code: 'aap2' }) },
  'GET /api/programmes/{code}/budget-summary': { allow: EVERYONE, params: () => ({ code: 'aap2018' }) },
  'GET /api/sub-projects': { allow: EVERYONE },
  'GET /api/sub-projects/{code}': { allow: EVERYONE, scoped: true, hiddenAs404: true, params: (f, o) => ({ code: f.subProject[o] }) },
  'GET /api/audit': { allow: EVERYONE },
  'GET /api/audit/verify': { allow: ['admin'] },
  // Assignment, milestones and due-date changes (libs/sub-projects).
  'POST /api/sub-projects': { allow: SECRETARIAT, body: {} },
  'PATCH /api/sub-projects/{code}': { allow: SECRETARIAT, params: (f, o) => ({ code: f.subProject[o] }), body: STALE },
  'POST /api/sub-projects/{code}/assign': { allow: SECRETARIAT, params: (f, o) => ({ code: f.subProject[o] }), body: { ...STALE, lead: 'moea' } },
  'POST /api/sub-projects/{code}/acknowledge': { allow: MINISTRIES, scoped: true, hiddenAs404: true, params: (f, o) => ({ code: f.subProject[o] }), body: STALE },
  'POST /api/sub-projects/{code}/activate': { allow: SECRETARIAT, params: (f, o) => ({ code: f.subProject[o] }), body: STALE },
  'POST /api/sub-projects/{code}/suspend': { allow: SECRETARIAT, params: (f, o) => ({ code: f.subProject[o] }), body: STALE },
  'POST /api/sub-projects/{code}/resume': { allow: SECRETARIAT, params: (f, o) => ({ code: f.subProject[o] }), body: STALE },
  'POST /api/sub-projects/{code}/close': { allow: SECRETARIAT, params: (f, o) => ({ code: f.subProject[o] }), body: STALE },
  'GET /api/sub-projects/{code}/assignments': { allow: EVERYONE, scoped: true, hiddenAs404: true, params: (f, o) => ({ code: f.subProject[o] }) },
  'POST /api/sub-projects/{code}/milestones': { allow: SECRETARIAT, params: (f, o) => ({ code: f.subProject[o] }), body: {} },
  'GET /api/milestones/{code}': { allow: EVERYONE, scoped: true, hiddenAs404: true, params: (f, o) => ({ code: f.milestone[o] }) },
  'PATCH /api/milestones/{code}': { allow: SECRETARIAT, params: (f, o) => ({ code: f.milestone[o] }), body: STALE },
  'GET /api/milestones/{code}/due-date-changes': { allow: EVERYONE, scoped: true, hiddenAs404: true, params: (f, o) => ({ code: f.milestone[o] }) },
  // The proposed date is the milestone's own: an allowed caller gets 400 after the organisation check.
  'POST /api/milestones/{code}/due-date-changes': {
    allow: MINISTRIES, scoped: true, hiddenAs404: true, params: (f, o) => ({ code: f.milestone[o] }), body: { proposedDueDate: '2018-12-31', reason: 'matrix' },
  },
  'GET /api/due-date-changes/{id}': { allow: EVERYONE, scoped: true, hiddenAs404: true, params: (f, o) => ({ id: f.dueDateChange[o] }) },
  'POST /api/due-date-changes/{id}/approve': { allow: SECRETARIAT, params: () => ({ id: NO_SUCH_REQUEST }), body: STALE },
  'POST /api/due-date-changes/{id}/reject': { allow: SECRETARIAT, params: () => ({ id: NO_SUCH_REQUEST }), body: { ...STALE, reason: 'matrix' } },
  // Meetings and resolution tracking (libs/meetings): a meeting is everyone's, its resolutions are scoped.
  'GET /api/meetings': { allow: EVERYONE },
  'GET /api/meetings/{code}': { allow: EVERYONE, params: () => ({ code: 'sngroup-2024-01-24' }) },
  'POST /api/meetings': { allow: SECRETARIAT, body: { body: 'sngroup', name: 'incomplete', kind: 'meeting' } },
  'POST /api/meetings/{code}/resolutions': { allow: SECRETARIAT, params: () => ({ code: 'sngroup-2024-01-24' }), body: { text: 'incomplete', organisations: [] } },
  'GET /api/resolutions/{code}': { allow: EVERYONE, scoped: true, hiddenAs404: true, params: (f, o) => ({ code: f.resolution[o] }) },
  'POST /api/resolutions/{code}/follow-ups': {
    allow: ['moea-officer', 'moea-supervisor', 'moda-officer', 'moda-supervisor'], scoped: true, hiddenAs404: true,
    params: (f, o) => ({ code: f.resolution[o] }), body: { text: 'stale', requestRelease: true, version: 999 },
  },
  'POST /api/resolutions/{code}/assignments/{org}/release': { allow: SECRETARIAT, params: (f, o) => ({ code: f.resolution[o], org: o }), body: { version: 999 } },
  'POST /api/resolutions/{code}/assignments/{org}/keep': { allow: SECRETARIAT, params: (f, o) => ({ code: f.resolution[o], org: o }), body: { version: 999, comment: 'stale' } },
  // Submissions (libs/submissions): another organisation's submission and its evidence are 404, as unknown ones. Drafting takes the sub-project from the body and the diff and
  // evidence upload need query parameters, so the access layer decides those by role; the
  // organisation checks behind them are in test/submissions.e2e-spec.ts.
  'POST /api/submissions': { allow: ['moea-officer', 'moda-officer'], body: { subProject: 'aap2-sp-12' } },
  'GET /api/submissions': { allow: EVERYONE },
  'GET /api/submissions/{id}': { allow: EVERYONE, scoped: true, hiddenAs404: true, params: (f, o) => ({ id: f.submission[o] }) },
  'PATCH /api/submissions/{id}': { allow: ['moea-officer', 'moda-officer'], scoped: true, hiddenAs404: true, params: (f, o) => ({ id: f.submission[o] }), body: { version: 999 } },
  'POST /api/submissions/{id}/submit': { allow: ['moea-officer', 'moda-officer'], scoped: true, hiddenAs404: true, params: (f, o) => ({ id: f.submission[o] }), body: { version: 999 } },
  'POST /api/submissions/{id}/revise': { allow: ['moea-officer', 'moda-officer'], scoped: true, hiddenAs404: true, params: (f, o) => ({ id: f.submission[o] }), body: { version: 999 } },
  'POST /api/submissions/{id}/approve': { allow: ['moea-supervisor', 'moda-supervisor'], scoped: true, hiddenAs404: true, params: (f, o) => ({ id: f.submission[o] }), body: { version: 999 } },
  'POST /api/submissions/{id}/send-back': {
    allow: ['moea-supervisor', 'moda-supervisor'], scoped: true, hiddenAs404: true, params: (f, o) => ({ id: f.submission[o] }), body: { version: 999, comment: 'stale' },
  },
  'POST /api/submissions/{id}/accept': { allow: SECRETARIAT, params: (f, o) => ({ id: f.submission[o] }), body: { version: 999 } },
  'POST /api/submissions/{id}/return': { allow: SECRETARIAT, params: (f, o) => ({ id: f.submission[o] }), body: { version: 999, comment: 'stale' } },
  'GET /api/submissions/{id}/revisions/{revision}': { allow: EVERYONE, scoped: true, hiddenAs404: true, params: (f, o) => ({ id: f.submission[o], revision: '1' }) },
  'GET /api/submissions/{id}/diff': { allow: EVERYONE, params: (f, o) => ({ id: f.submission[o] }) },
  'PUT /api/submissions/{id}/evidence': { allow: ['moea-officer', 'moea-supervisor', 'moda-officer', 'moda-supervisor'], params: (f, o) => ({ id: f.submission[o] }) },
  // Status lights and dashboards (libs/lights, libs/dashboards). Writes get a body refused after the role check (400/404): nothing changes.
  'GET /api/programmes/{code}/light-rules': { allow: EVERYONE, params: () => ({ code: 'aap2' }) },
  'PUT /api/programmes/{code}/light-rules': { allow: SECRETARIAT, params: () => ({ code: 'aap2' }), body: { rules: { slipYellowPp: 99 } } },
  'POST /api/lights/recompute': { allow: SECRETARIAT, body: { programme: 'aap2', period: '2099-Q1' } },
  'GET /api/sub-projects/{code}/lights': { allow: EVERYONE, scoped: true, hiddenAs404: true, params: (f, o) => ({ code: f.subProject[o] }) },
  'POST /api/sub-projects/{code}/lights/{period}/override': {
    allow: SECRETARIAT, params: (f, o) => ({ code: f.subProject[o], period: '2024-Q3' }), body: { colour: 'green', justification: ' ' },
  },
  'DELETE /api/sub-projects/{code}/lights/{period}/override': { allow: SECRETARIAT, params: (f, o) => ({ code: f.subProject[o], period: '2024-Q3' }) },
  'GET /api/dashboards/portfolio': { allow: EVERYONE },
  'GET /api/dashboards/overdue-milestones': { allow: EVERYONE },
  'GET /api/dashboards/pending-reviews': { allow: ['coordinator', 'admin', 'viewer'] },
  'GET /api/dashboards/ministry-performance': { allow: EVERYONE },
  // The roadmap (libs/roadmap): the sub-project list's rows, scoped (test/roadmap.e2e-spec.ts).
  'GET /api/roadmap': { allow: EVERYONE },
  // Reminder policies (libs/reminders): the PUT body is refused after the role check (400), so nothing changes.
  'GET /api/programmes/{code}/reminder-policy': { allow: EVERYONE, params: () => ({ code: 'aap2' }) },
  'PUT /api/programmes/{code}/reminder-policy': { allow: ['coordinator'], params: () => ({ code: 'aap2' }), body: { beforeDueDays: [400], escalation: [] } },
  'DELETE /api/programmes/{code}/reminder-policy': { allow: ['coordinator'], params: () => ({ code: 'no-such-programme' }) },
  'GET /api/evidence/{id}': { allow: EVERYONE, scoped: true, hiddenAs404: true, params: (f, o) => ({ id: f.evidence[o] }) },
  // The queue dashboard's cookie (libs/queue-dashboard); /admin/queues itself is outside /api: test/queue-dashboard.e2e-spec.ts.
  'POST /api/admin/queues/session': { allow: ['admin'] },
  // Notifications (libs/notifications): preferences are the caller's own (/me, no other user's route); failed sends are the admin's.
  'GET /api/me/notification-preferences': { allow: EVERYONE },
  'PUT /api/me/notification-preferences': { allow: EVERYONE, body: { delivery: 'weekly' } },
  'GET /api/me/notifications': { allow: EVERYONE },
  'GET /api/me/notifications/unread-count': { allow: EVERYONE },
  'POST /api/me/notifications/read-all': { allow: EVERYONE, body: { kind: 'no.such_kind' } },
  'POST /api/me/notifications/{id}/read': { allow: EVERYONE, params: () => ({ id: NO_SUCH_REQUEST }) },
  'GET /api/me/calendar-feed': { allow: EVERYONE },
  // Makes (or replaces) the caller's own feed: nobody else's is touched.
  'POST /api/me/calendar-feed': { allow: EVERYONE },
  'DELETE /api/me/calendar-feed': { allow: EVERYONE },
  'GET /api/calendar/{file}': { allow: 'public', params: () => ({ file: 'no-such-token.ics' }) },
  'GET /api/admin/notifications/failed': { allow: ['admin'] },
  'POST /api/admin/notifications/{id}/retry': { allow: ['admin'], params: () => ({ id: NO_SUCH_REQUEST }) },
  // Report schedules (libs/report-schedules): coordinators only; an unknown id is a 404 after the role check.
  'POST /api/report-schedules': { allow: ['coordinator'], body: {} },
  'GET /api/report-schedules': { allow: ['coordinator'] },
  'GET /api/report-schedules/preview': { allow: ['coordinator'] },
  'GET /api/report-schedules/{id}': { allow: ['coordinator'], params: () => ({ id: NO_SUCH_REQUEST }) },
  'PATCH /api/report-schedules/{id}': { allow: ['coordinator'], params: () => ({ id: NO_SUCH_REQUEST }), body: STALE },
  'DELETE /api/report-schedules/{id}': { allow: ['coordinator'], params: () => ({ id: NO_SUCH_REQUEST }) },
  'GET /api/report-schedules/{id}/runs': { allow: ['coordinator'], params: () => ({ id: NO_SUCH_REQUEST }) },
  // Stage-gate reviews (libs/gates): reviewers see the reviews they are assigned to (the fixtures assign the demo reviewer).
  'GET /api/programmes/{code}/gate-templates': { allow: EVERYONE, params: () => ({ code: 'aap2018' }) },
  'PUT /api/gate-templates/{code}/criteria': { allow: ['coordinator'], params: () => ({ code: 'aap2018-gate-6' }), body: STALE },
  'POST /api/gate-reviews': { allow: ['coordinator'], body: {} },
  'GET /api/gate-reviews': { allow: EVERYONE },
  'GET /api/gate-reviews/{id}': { allow: EVERYONE, scoped: true, hiddenAs404: true, params: (f, o) => ({ id: f.gateReview[o] }) },
  // The fixture review is decided: an assigned reviewer gets 409 and nothing changes.
  'PUT /api/gate-reviews/{id}/scores': { allow: ['reviewer'], params: (f, o) => ({ id: f.gateReview[o] }), body: { scores: [] } },
  'PUT /api/gate-reviews/{id}/scores/draft': { allow: ['reviewer'], params: (f, o) => ({ id: f.gateReview[o] }), body: { scores: [] } },
  'POST /api/gate-reviews/{id}/decision': { allow: ['coordinator'], params: (f, o) => ({ id: f.gateReview[o] }), body: STALE },
  'GET /api/gate-conditions': { allow: EVERYONE },
  'POST /api/gate-conditions/{id}/close': {
    allow: ['coordinator', ...MINISTRIES], scoped: true, hiddenAs404: true, params: (f, o) => ({ id: f.gateCondition[o] }), body: { ...STALE, note: 'stale' },
  },
  'POST /api/gate-conditions/{id}/waive': { allow: ['coordinator'], params: (f, o) => ({ id: f.gateCondition[o] }), body: { ...STALE, note: 'stale' } },
  // Reports (libs/reports): anyone may ask; who may request and read which report is decided per
  // report (organisation, programme-wide kinds, gate reviews): test/reports.e2e-spec.ts.
  'POST /api/reports': { allow: EVERYONE, body: {} },
  'GET /api/reports': { allow: EVERYONE },
  'GET /api/reports/kinds': { allow: EVERYONE },
  'GET /api/reports/{id}': { allow: EVERYONE, params: () => ({ id: NO_SUCH_REQUEST }) },
  'GET /api/reports/{id}/file': { allow: EVERYONE, params: () => ({ id: NO_SUCH_REQUEST }) },
  // Exports (libs/exports): every list its screen shows, so everyone; the rows are scoped (test/exports.e2e-spec.ts).
  'GET /api/exports/sub-projects': { allow: EVERYONE },
  'GET /api/exports/milestones': { allow: EVERYONE },
  'GET /api/exports/submissions': { allow: EVERYONE },
  'GET /api/exports/overdue-milestones': { allow: EVERYONE },
  'GET /api/exports/resolution-tracking': { allow: EVERYONE },
  'GET /api/imports/{kind}/template': { allow: SECRETARIAT, params: () => ({ kind: 'sub-projects' }) },
  'POST /api/imports/{kind}/preview': { allow: SECRETARIAT, params: () => ({ kind: 'sub-projects' }) },
  'GET /api/imports/sessions/{id}': { allow: SECRETARIAT, params: () => ({ id: NO_SUCH_REQUEST }) },
  'GET /api/imports/sessions/{id}/rows': { allow: SECRETARIAT, params: () => ({ id: NO_SUCH_REQUEST }) },
  'POST /api/imports/sessions/{id}/confirm': { allow: SECRETARIAT, params: () => ({ id: NO_SUCH_REQUEST }) },
};

export async function FIXTURE_SETUP(_: { api: TestApi; clients: Record<DemoUser, Client>; dataSource: DataSource }): Promise<Fixtures> {
  const modaMilestone = await _.clients.coordinator.request('POST', '/api/sub-projects/aap2-sp-05/milestones', { deliverable: 'matrix fixture', dueDate: '2018-12-31' });
  if (modaMilestone.status !== 201) throw new Error(`milestone fixture: ${modaMilestone.status} ${JSON.stringify(modaMilestone.body)}`);
  return {
    subProject: { moea: 'aap2-sp-12', moda: 'aap2-sp-05' }, resolution: await resolutionFixtures(_.clients.coordinator),
    milestone: { moea: 'aap2018-rm-1-03-107', moda: modaMilestone.body.code },
    ...(await submissionFixtures(_.clients, _.dataSource)),
    ...(await gateFixtures(_.clients, _.dataSource)),
    dueDateChange: await dueDateChangeFixtures(_.clients),
  };
}

/** A pending due-date change request per ministry, on a milestone added for it. */
async function dueDateChangeFixtures(clients: Record<DemoUser, Client>): Promise<Record<Owner, string>> {
  const subProjects: Record<Owner, string> = { moea: 'aap2-sp-12', moda: 'aap2-sp-05' };
  const ids = {} as Record<Owner, string>;
  for (const org of ['moea', 'moda'] as const) {
    const milestone = await clients.coordinator.request('POST', `/api/sub-projects/${subProjects[org]}/milestones`, { deliverable: 'matrix due-date fixture', dueDate: '2099-03-31' });
    const requested = await clients[`${org}-officer`].request('POST', `/api/milestones/${milestone.body.code}/due-date-changes`, { proposedDueDate: '2099-04-30', reason: 'matrix' });
    if (requested.status !== 201) throw new Error(`due-date change fixture for ${org}: ${requested.status} ${JSON.stringify(requested.body)}`);
    ids[org] = requested.body.id;
  }
  return ids;
}

/**
 * One decided gate review per ministry (libs/gates): the seeded flagship aap2018-div-2-01 (經濟部
 * co-organises it) and a flagship sub-project of 數位部 added to aap2018 here; each passed gate 1
 * with a condition its ministry owns.
 */
async function gateFixtures(clients: Record<DemoUser, Client>, dataSource: DataSource): Promise<Pick<Fixtures, 'gateReview' | 'gateCondition'>> {
  await dataSource.query(
    `INSERT INTO sub_project (code, programme_id, kind, name, lead_organisation_id, is_flagship, status)
     SELECT 'matrix-moda-flagship', p.id, 'division', 'matrix 數位部 旗艦計畫', o.id, true, 'active' FROM programme p, organisation o
      WHERE p.code = 'aap2018' AND o.code = 'moda'`,
  );
  const [{ id: reviewerId }] = await dataSource.query(`SELECT id FROM app_user WHERE email = 'reviewer@demo.guankao.tw'`);
  const gateReview = {} as Record<Owner, string>;
  const gateCondition = {} as Record<Owner, string>;
  const subProjects: Record<Owner, string> = { moea: 'aap2018-div-2-01', moda: 'matrix-moda-flagship' };
  for (const org of ['moea', 'moda'] as const) {
    const scheduled = await clients.coordinator.request('POST', '/api/gate-reviews', { subProject: subProjects[org], gate: 'aap2018-gate-1', scheduledFor: '2099-01-15', reviewers: [reviewerId] });
    if (scheduled.status !== 201) throw new Error(`gate review fixture for ${org}: ${scheduled.status} ${JSON.stringify(scheduled.body)}`);
    const scores = scheduled.body.criteria.map((c: { code: string; requirement: string }) =>
      c.requirement === 'must_meet' ? { criterion: c.code, met: true, comment: 'matrix' } : { criterion: c.code, score: 7, comment: 'matrix' });
    const scored = await clients.reviewer.request('PUT', `/api/gate-reviews/${scheduled.body.id}/scores`, { scores });
    const decided = await clients.coordinator.request('POST', `/api/gate-reviews/${scheduled.body.id}/decision`, {
      version: scored.body.version, decision: 'go_with_conditions', reasons: 'matrix fixture', conditions: [{ text: 'matrix condition', owner: org, dueDate: '2099-06-30' }],
    });
    if (decided.status !== 200) throw new Error(`gate decision fixture for ${org}: ${decided.status} ${JSON.stringify(decided.body)}`);
    gateReview[org] = scheduled.body.id;
    gateCondition[org] = decided.body.conditions[0].id;
  }
  return { gateReview, gateCondition };
}

/** One submission per ministry, drafted with a file and approved, so that everyone may read it (libs/submissions). */
async function submissionFixtures(clients: Record<DemoUser, Client>, dataSource: DataSource): Promise<Pick<Fixtures, 'submission' | 'evidence'>> {
  const submission = {} as Record<Owner, string>;
  const evidence = {} as Record<Owner, string>;
  const subProjects: Record<Owner, string> = { moea: 'aap2-sp-12', moda: 'aap2-sp-05' };
  await dataSource.query(`UPDATE sub_project SET status = 'acknowledged' WHERE code = ANY($1) AND status = 'assigned'`, [Object.values(subProjects)]);
  for (const org of ['moea', 'moda'] as const) {
    const officer = clients[`${org}-officer`];
    const draft = await officer.request('POST', '/api/submissions', { subProject: subProjects[org], period: '2023-Q1', progressPercent: '10' });
    if (draft.status !== 201) throw new Error(`submission fixture for ${org}: ${draft.status} ${JSON.stringify(draft.body)}`);
    const file = await officer.request('PUT', `/api/submissions/${draft.body.id}/evidence?filename=matrix.pdf`, minimalPdf('matrix'), { 'content-type': 'application/pdf' });
    const submitted = await officer.request('POST', `/api/submissions/${draft.body.id}/submit`, { version: file.body.version });
    const approved = await clients[`${org}-supervisor`].request('POST', `/api/submissions/${draft.body.id}/approve`, { version: submitted.body.version });
    if (approved.status !== 200) throw new Error(`submission fixture for ${org}: ${approved.status} ${JSON.stringify(approved.body)}`);
    submission[org] = draft.body.id;
    evidence[org] = file.body.evidence.id;
  }
  return { submission, evidence };
}

/** The seeded resolutions are assigned to both ministries: add one for each alone (libs/meetings). */
async function resolutionFixtures(coordinator: Client): Promise<Record<Owner, string>> {
  const codes = {} as Record<Owner, string>;
  for (const org of ['moea', 'moda'] as const) {
    const res = await coordinator.request('POST', '/api/meetings/sngroup-2024-01-24/resolutions', { text: `matrix fixture for ${org}`, organisations: [org] });
    if (res.status !== 201) throw new Error(`resolution fixture for ${org}: ${res.status} ${JSON.stringify(res.body)}`);
    codes[org] = res.body.code;
  }
  return codes;
}
