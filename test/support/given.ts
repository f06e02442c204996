import pg from 'pg';

/**
 * Test-data builders written straight to the database: `given.subProject({ code, programmeId, lead: 'moea' })`,
 * `given.milestone(spId, { code, seq, due })`, `given.submission({ subProjectId, status })`. Tests use
 * these instead of their own INSERTs, so a schema change is fixed here once. (Tests of a workflow
 * itself go through the API; these are for the rows another workflow would have written.)
 */
export interface Given {
  sql<T = any>(text: string, params?: unknown[]): Promise<T[]>;
  /** Today in Asia/Taipei, as the API sees it. */
  today(): Promise<string>;
  programme(code: string, options?: { startYear?: number; lightRules?: Record<string, unknown> }): Promise<string>;
  axis(programmeId: string, code: string, seq: number, name?: string): Promise<string>;
  /** lead: an organisation code ('moea' unless given; null for none). */
  subProject(options: {
    code: string; programmeId: string; lead?: string | null; coOrganisers?: string[]; startYear?: number | null; endYear?: number | null; axes?: string[]; name?: string;
    status?: 'draft' | 'assigned' | 'acknowledged' | 'active' | 'suspended' | 'closed'; isFlagship?: boolean;
  }): Promise<string>;
  /** The id of a sub-project (seeded or built) by its code. */
  subProjectId(code: string): Promise<string>;
  /** Adds a co-organising ministry (by organisation code) to a sub-project, after those it has. */
  coOrganiser(subProjectId: string, organisation: string): Promise<void>;
  milestone(subProjectId: string, options: {
    code: string; seq: number; due: string; status?: 'pending' | 'submitted' | 'accepted'; fiscalYear?: number | null; deliverable?: string;
  }): Promise<string>;
  budget(subProjectId: string, options: { year: number; allocated: string; kind?: 'existing' | 'new' }): Promise<string>;
  submission(options: {
    subProjectId: string; period?: string | null; milestoneId?: string | null; status: 'draft' | 'awaiting_supervisor' | 'submitted' | 'accepted' | 'returned';
    progress?: string | null; budgetExecuted?: string | null; budgetYear?: number | null; submittedAt?: string | null; decidedAt?: string | null;
  }): Promise<string>;
  /** A user of an organisation (by code; none for the secretariat's reviewers), signed in with the demo password when `password` is set. */
  user(options: {
    email: string; organisation?: string | null; roles: readonly string[]; displayName?: string; locale?: 'zh-TW' | 'en'; isActive?: boolean;
    notificationDelivery?: 'immediate' | 'digest'; muteNonCritical?: boolean; password?: 'demo';
  }): Promise<string>;
  userId(email: string): Promise<string>;
  review(submissionId: string, action: 'submit' | 'approve' | 'send_back' | 'accept' | 'return' | 'revise', at: string, comment?: string): Promise<string>;
  /** A report row as the API would queue it (the worker is not told): about a programme or sub-project by code. */
  report(options: {
    kind: 'programme_status' | 'budget' | 'resolution_tracking' | 'gate_packet'; format?: 'pdf' | 'xlsx'; parameters?: Record<string, unknown>;
    programme?: string; subProject?: string; status?: 'queued' | 'running' | 'ready' | 'failed'; createdAt?: string;
  }): Promise<string>;
  /** A new queued report asking for the same as an existing one (kind, format, parameters, as-of, subject). */
  reportCopy(reportId: string): Promise<string>;
  light(subProjectId: string, period: string, colour: string, override?: { colour: string; justification: string }): Promise<string>;
  /** Rows of a table, and audit / outbox counts: "refusals change nothing" compares these. */
  snapshot(): Promise<{ lights: unknown[]; programmes: unknown[]; audit: number; outbox: number }>;
  close(): Promise<void>;
}

export async function given(url: string): Promise<Given> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const sql = async <T = any>(text: string, params: unknown[] = []): Promise<T[]> => (await client.query(text, params)).rows as T[];
  const one = async (text: string, params: unknown[]): Promise<string> => (await sql<{ id: string }>(text, params))[0].id;
  const orgId = async (code: string): Promise<string> => one('SELECT id FROM organisation WHERE code = $1', [code]);
  const [coordinator] = await sql<{ id: string }>(`SELECT id FROM app_user WHERE email = 'coordinator@demo.guankao.tw'`);
  const coOrganiser = async (subProjectId: string, organisation: string): Promise<void> => {
    await sql(
      `INSERT INTO sub_project_co_organiser (sub_project_id, organisation_id, seq)
       SELECT $1, $2, COALESCE(max(seq), 0) + 1 FROM sub_project_co_organiser WHERE sub_project_id = $1`,
      [subProjectId, await orgId(organisation)],
    );
  };

  return {
    sql,
    async today() {
      return (await sql<{ d: string }>(`SELECT to_char((now() AT TIME ZONE 'Asia/Taipei')::date, 'YYYY-MM-DD') AS d`))[0].d;
    },
    programme: (code, o = {}) =>
      one('INSERT INTO programme (code, name, start_year, light_rules) VALUES ($1, $2, $3, $4) RETURNING id', [code, `測試方案 ${code}`, o.startYear ?? 2020, JSON.stringify(o.lightRules ?? {})]),
    axis: (programmeId, code, seq, name) => one('INSERT INTO axis (code, programme_id, seq, name) VALUES ($1, $2, $3, $4) RETURNING id', [code, programmeId, seq, name ?? `主軸 ${seq}`]),
    async subProject(o) {
      const lead = o.lead === undefined ? 'moea' : o.lead;
      const id = await one(
        `INSERT INTO sub_project (code, programme_id, kind, name, lead_organisation_id, start_year, end_year, status, is_flagship)
         VALUES ($1, $2, 'detailed', $3, $4, $5, $6, $7, $8) RETURNING id`,
        [
          o.code, o.programmeId, o.name ?? `細部計畫 ${o.code}`, lead ? await orgId(lead) : null, o.startYear === undefined ? 2023 : o.startYear,
          o.endYear === undefined ? 2026 : o.endYear, o.status ?? 'assigned', o.isFlagship ?? false,
        ],
      );
      for (const co of o.coOrganisers ?? []) await coOrganiser(id, co);
      for (const axisId of o.axes ?? []) await sql('INSERT INTO sub_project_axis (sub_project_id, axis_id) VALUES ($1, $2)', [id, axisId]);
      return id;
    },
    subProjectId: (code) => one('SELECT id FROM sub_project WHERE code = $1', [code]),
    coOrganiser,
    milestone: (subProjectId, o) =>
      one(`INSERT INTO milestone (code, sub_project_id, seq, fiscal_year, due_date, deliverable, status) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, [
        o.code, subProjectId, o.seq, o.fiscalYear ?? null, o.due, o.deliverable ?? `查核點 ${o.code}`, o.status ?? 'pending',
      ]),
    async budget(subProjectId, o) {
      const [sp] = await sql<{ programme_id: string; code: string }>('SELECT programme_id, code FROM sub_project WHERE id = $1', [subProjectId]);
      return one(`INSERT INTO budget_line (code, programme_id, sub_project_id, fiscal_year, kind, allocated) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, [
        `test:${sp.code}:${o.year}:${o.kind ?? 'existing'}`, sp.programme_id, subProjectId, o.year, o.kind ?? 'existing', o.allocated,
      ]);
    },
    submission: (o) =>
      one(
        `INSERT INTO submission (sub_project_id, milestone_id, period, status, progress_percent, budget_executed, budget_year, created_by, submitted_at, decided_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
        [
          o.subProjectId, o.milestoneId ?? null, o.period ?? null, o.status, o.progress ?? null, o.budgetExecuted ?? null, o.budgetYear ?? null, coordinator.id,
          o.submittedAt ?? (o.status === 'draft' || o.status === 'awaiting_supervisor' ? null : '2024-09-20T02:00:00Z'),
          o.decidedAt ?? (o.status === 'accepted' || o.status === 'returned' ? '2024-09-25T02:00:00Z' : null),
        ],
      ),
    user: async (o) =>
      one(
        `INSERT INTO app_user (email, display_name, organisation_id, roles, locale, is_active, notification_delivery, mute_non_critical, password_hash)
         VALUES ($1, $2, $3, $4::user_role[], $5, $6, $7, $8, CASE WHEN $9 THEN (SELECT password_hash FROM app_user WHERE id = $10) END) RETURNING id`,
        [
          o.email, o.displayName ?? o.email, o.organisation ? await orgId(o.organisation) : null, o.roles, o.locale ?? 'zh-TW', o.isActive ?? true,
          o.notificationDelivery ?? 'immediate', o.muteNonCritical ?? false, o.password === 'demo', coordinator.id,
        ],
      ),
    userId: (email) => one('SELECT id FROM app_user WHERE email = $1', [email]),
    review: (submissionId, action, at, comment) =>
      one(`INSERT INTO submission_review (submission_id, revision, action, comment, actor_user_id, at) VALUES ($1, 1, $2, $3, $4, $5) RETURNING id`, [
        submissionId, action, comment ?? (action === 'return' || action === 'send_back' ? '請補充佐證資料' : null), coordinator.id, at,
      ]),
    async report(o) {
      const [subject] = o.subProject
        ? await sql<{ programme_id: string; id: string }>('SELECT programme_id, id FROM sub_project WHERE code = $1', [o.subProject])
        : o.programme ? await sql<{ programme_id: string; id: null }>('SELECT id AS programme_id, NULL AS id FROM programme WHERE code = $1', [o.programme]) : [];
      return one(
        `INSERT INTO report (kind, format, parameters, as_of, status, programme_id, sub_project_id, created_at)
         VALUES ($1, $2, $3, now(), $4, $5, $6, COALESCE($7::timestamptz, now())) RETURNING id`,
        [o.kind, o.format ?? 'pdf', JSON.stringify(o.parameters ?? {}), o.status ?? 'queued', subject?.programme_id ?? null, subject?.id ?? null, o.createdAt ?? null],
      );
    },
    reportCopy: (reportId) =>
      one(
        `INSERT INTO report (kind, format, parameters, as_of, programme_id, sub_project_id, meeting_id)
         SELECT kind, format, parameters, as_of, programme_id, sub_project_id, meeting_id FROM report WHERE id = $1 RETURNING id`,
        [reportId],
      ),
    light: (subProjectId, period, colour, override) =>
      one(
        `INSERT INTO status_light (sub_project_id, period, computed_colour, reasons, inputs, computed_at, override_colour, override_justification, overridden_by, overridden_at)
         VALUES ($1, $2, $3, $4, '{}', now(), $5, $6, $7, $8) RETURNING id`,
        [
          subProjectId, period, colour, JSON.stringify([{ code: 'test', zh: `測試燈號 ${colour}`, en: `test light ${colour}` }]),
          override?.colour ?? null, override?.justification ?? null, override ? coordinator.id : null, override ? new Date().toISOString() : null,
        ],
      ),
    async snapshot() {
      return {
        lights: await sql('SELECT * FROM status_light ORDER BY id'),
        programmes: await sql('SELECT code, light_rules, updated_at FROM programme ORDER BY code'),
        audit: Number((await sql('SELECT count(*) AS n FROM audit_event'))[0].n),
        outbox: Number((await sql('SELECT count(*) AS n FROM outbox_event'))[0].n),
      };
    },
    close: () => client.end(),
  };
}
