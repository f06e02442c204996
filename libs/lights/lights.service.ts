import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { RequestContext } from '../access/actor.js';
import { inScope, type Scope } from '../access/scope.js';
import { type Tx, UnitOfWork } from '../audit/unit-of-work.js';
import { Clock } from '../common/clock.js';
import { AppError } from '../common/errors.js';
import { organisationRef } from '../common/views.js';
import {
  DEFAULT_LIGHT_RULES, effectiveLightRules, evaluateLight, formatHundredths, LIGHT_RULE_KEYS, type LightFacts, type LightRuleKey, type LightRules,
  toHundredths, validateLightRules,
} from './light-rules.js';
import type { LightRulesDto, RecomputeLightsBody, RecomputeResultDto, StatusLightDto, SubProjectLightDto, SubProjectLightsDto, SubProjectRefDto } from './lights.views.js';
import { daysBetween, minDate, parsePeriod, type Period, periodOf } from './period.js';
import { LightColour, type LightReason } from './status-light.entity.js';
import { OutboxTopic } from '../outbox/topics.js';

/** Anything that runs SQL: a workflow's Tx (its audit goes with it) or a bare EntityManager. */
export type LightsDb = Tx | EntityManager;

/** The one thing both can do, without the union of their generic signatures. */
interface Sql {
  query(sql: string, params?: unknown[]): Promise<any>;
}

interface LightRow {
  id: string; sub_project_id: string; period: string; computed_colour: LightColour; reasons: LightReason[]; inputs: Record<string, unknown>;
  computed_at: Date; override_colour: LightColour | null; override_justification: string | null; overridden_by: string | null; overridden_at: Date | null;
}

/** The stored light after a recompute, and whether its colour or reasons changed. */
export interface RecomputedLight {
  id: string;
  subProjectId: string;
  period: string;
  computedColour: LightColour;
  /** The override when there is one, else the computed colour. */
  colour: LightColour;
  reasons: LightReason[];
  inputs: Record<string, unknown>;
  computedAt: Date;
  overrideColour: LightColour | null;
  changed: boolean;
}

interface SubProjectRow {
  id: string; code: string; name: string; lead_id: string | null; lead_code: string | null; lead_name: string | null; co_organisers: string[];
}

const SUB_PROJECT_SELECT = `
  SELECT sp.id, sp.code, sp.name, sp.lead_organisation_id AS lead_id, lo.code AS lead_code, lo.name AS lead_name,
         COALESCE((SELECT array_agg(c.organisation_id::text) FROM sub_project_co_organiser c WHERE c.sub_project_id = sp.id), '{}') AS co_organisers
    FROM sub_project sp LEFT JOIN organisation lo ON lo.id = sp.lead_organisation_id`;

/** The reporting period a submission speaks for: its own, else its milestone's quarter. */
const REPORT_PERIOD = `COALESCE(s.period, to_char(m.due_date, 'YYYY-"Q"Q'))`;
const REACHED_SECRETARIAT = `('submitted', 'accepted', 'returned')`;
/** Reached the secretariat at some point: a returned submission being revised is a draft again, but keeps its submitted_at. */
const EVER_REACHED = `(s.status IN ${REACHED_SECRETARIAT} OR s.submitted_at IS NOT NULL)`;

const hasAudit = (db: LightsDb): db is Tx => typeof (db as Tx).audit === 'function';

function isoTime(value: Date | string | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}

/** Status lights: computed by the programme's rules (light-rules.ts), stored with reasons; overrides kept beside. */
@Injectable()
export class LightsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  // ---------------------------------------------------------------------------------------------
  // Computing

  /**
   * Computes the light of one sub-project for one period and upserts it, keeping an existing
   * override. Call it inside the transaction that changed its inputs (e.g. after accepting a
   * submission). With a Tx, a changed light writes a `status_light.recompute` audit event in it.
   */
  async recompute(target: LightsDb, subProjectId: string, periodCode: string): Promise<RecomputedLight> {
    const db = target as Sql;
    const period = parsePeriod(periodCode);
    const [sp]: { id: string; start_year: number | null; end_year: number | null; light_rules: Record<string, unknown> }[] = await db.query(
      `SELECT sp.id, sp.start_year, sp.end_year, p.light_rules FROM sub_project sp JOIN programme p ON p.id = sp.programme_id WHERE sp.id = $1`,
      [subProjectId],
    );
    if (!sp) throw AppError.notFound('sub-project', subProjectId);

    const today = this.clock.today();
    const { rules } = effectiveLightRules(sp.light_rules);
    const { facts, inputs } = await this.gatherFacts(db, sp, period, today, rules);
    const verdict = evaluateLight(facts, rules);

    const [before]: LightRow[] = await db.query('SELECT * FROM status_light WHERE sub_project_id = $1 AND period = $2 FOR UPDATE', [subProjectId, period.code]);
    const [row]: LightRow[] = await db.query(
      `INSERT INTO status_light (sub_project_id, period, computed_colour, reasons, inputs, computed_at)
       VALUES ($1, $2, $3, $4, $5, now())
       ON CONFLICT (sub_project_id, period) DO UPDATE
          SET computed_colour = EXCLUDED.computed_colour, reasons = EXCLUDED.reasons, inputs = EXCLUDED.inputs, computed_at = EXCLUDED.computed_at
       RETURNING *`,
      [subProjectId, period.code, verdict.colour, JSON.stringify(verdict.reasons), JSON.stringify(inputs)],
    );
    const changed = !before || before.computed_colour !== row.computed_colour || JSON.stringify(before.reasons) !== JSON.stringify(row.reasons);
    if (changed && hasAudit(target)) {
      await target.audit({
        action: 'status_light.recompute', entityType: 'status_light', entityId: row.id,
        before: before ? { period: before.period, computedColour: before.computed_colour, reasons: before.reasons } : null,
        after: { period: row.period, computedColour: row.computed_colour, reasons: row.reasons },
      });
    }
    return {
      id: row.id, subProjectId, period: row.period, computedColour: row.computed_colour, colour: row.override_colour ?? row.computed_colour,
      reasons: row.reasons, inputs: row.inputs, computedAt: row.computed_at, overrideColour: row.override_colour, changed,
    };
  }

  /** The figures the rules look at, read with SQL (the submission tables are read, never written). */
  private async gatherFacts(
    db: Sql, sp: { id: string; start_year: number | null; end_year: number | null }, period: Period, today: string, rules: LightRules,
  ): Promise<{ facts: LightFacts; inputs: Record<string, unknown> }> {
    const asOf = minDate(period.end, today);
    const [counts]: {
      milestones_total: number; milestones_due: number; overdue_count: number; oldest_overdue_days: number | null; overdue_codes: string[]; reported: boolean;
    }[] = await db.query(
      `SELECT (SELECT count(*)::int FROM milestone WHERE sub_project_id = $1) AS milestones_total,
              (SELECT count(*)::int FROM milestone WHERE sub_project_id = $1 AND due_date <= $3::date) AS milestones_due,
              (SELECT count(*)::int FROM milestone WHERE sub_project_id = $1 AND status <> 'accepted' AND due_date < $5::date) AS overdue_count,
              (SELECT ($5::date - min(due_date))::int FROM milestone WHERE sub_project_id = $1 AND status <> 'accepted' AND due_date < $5::date) AS oldest_overdue_days,
              (SELECT COALESCE(json_agg(code ORDER BY due_date, code), '[]') FROM milestone WHERE sub_project_id = $1 AND status <> 'accepted' AND due_date < $5::date) AS overdue_codes,
              EXISTS (SELECT 1 FROM submission s LEFT JOIN milestone m ON m.id = s.milestone_id
                       WHERE s.sub_project_id = $1 AND ${EVER_REACHED}
                         AND (s.period = $2 OR m.due_date BETWEEN $4::date AND $3::date)) AS reported`,
      [sp.id, period.code, period.end, period.start, asOf],
    );

    // Reported progress: the latest accepted up to the period; else the latest that reached the secretariat.
    const [progress]: { status: string; progress: string; report_period: string }[] = await db.query(
      `SELECT s.status, s.progress_percent::text AS progress, ${REPORT_PERIOD} AS report_period
         FROM submission s LEFT JOIN milestone m ON m.id = s.milestone_id
        WHERE s.sub_project_id = $1 AND s.progress_percent IS NOT NULL AND s.status IN ${REACHED_SECRETARIAT} AND ${REPORT_PERIOD} <= $2
        ORDER BY (s.status = 'accepted') DESC, ${REPORT_PERIOD} DESC, s.decided_at DESC NULLS LAST, s.submitted_at DESC NULLS LAST, s.id
        LIMIT 1`,
      [sp.id, period.code],
    );

    const [budget]: { allocated: string | null; executed: string | null; rate_tenths: number | null }[] = await db.query(
      `WITH alloc AS (SELECT sum(allocated) AS allocated FROM budget_line WHERE sub_project_id = $1 AND fiscal_year = $2),
            exec AS (SELECT s.budget_executed FROM submission s LEFT JOIN milestone m ON m.id = s.milestone_id
                      WHERE s.sub_project_id = $1 AND s.status = 'accepted' AND s.budget_year = $2 AND s.budget_executed IS NOT NULL AND ${REPORT_PERIOD} <= $3
                      ORDER BY ${REPORT_PERIOD} DESC, s.decided_at DESC NULLS LAST, s.id LIMIT 1)
       SELECT alloc.allocated::text AS allocated, exec.budget_executed::text AS executed,
              CASE WHEN alloc.allocated > 0 AND exec.budget_executed IS NOT NULL THEN round(exec.budget_executed * 1000 / alloc.allocated)::int END AS rate_tenths
         FROM alloc LEFT JOIN exec ON TRUE`,
      [sp.id, period.year, period.code],
    );

    let planned: LightFacts['planned'] = null;
    if (counts.milestones_total > 0) {
      planned = { hundredths: Math.round((counts.milestones_due * 1000) / counts.milestones_total) * 10, basis: 'milestones' };
    } else if (sp.start_year !== null && sp.end_year !== null) {
      const start = `${sp.start_year}-01-01`;
      const total = daysBetween(start, `${sp.end_year}-12-31`) + 1;
      const elapsed = Math.min(Math.max(daysBetween(start, period.end) + 1, 0), total);
      planned = { hundredths: Math.round((elapsed * 1000) / total) * 10, basis: 'elapsed' };
    }

    const facts: LightFacts = {
      period: period.code,
      quarter: period.quarter,
      startYear: sp.start_year,
      notStarted: sp.start_year !== null && period.year < sp.start_year,
      reported: counts.reported,
      planned,
      progress: progress ? { hundredths: toHundredths(progress.progress), accepted: progress.status === 'accepted', period: progress.report_period } : null,
      overdue: { count: counts.overdue_count, oldestDays: counts.oldest_overdue_days ?? 0 },
      budget: budget.allocated !== null && toHundredths(budget.allocated) > 0
        ? { year: period.year, allocated: budget.allocated, executed: budget.executed, rateTenths: budget.rate_tenths }
        : null,
    };
    const inputs = {
      period: period.code, periodEnd: period.end, asOf, rules,
      startYear: sp.start_year, endYear: sp.end_year,
      reported: facts.reported,
      planned: planned ? { percent: formatHundredths(planned.hundredths), basis: planned.basis, milestonesDue: counts.milestones_due, milestonesTotal: counts.milestones_total } : null,
      progress: progress ? { percent: formatHundredths(facts.progress!.hundredths), status: progress.status, period: progress.report_period } : null,
      slipPp: planned && facts.progress ? formatHundredths(planned.hundredths - facts.progress.hundredths) : null,
      overdue: { count: counts.overdue_count, oldestDays: counts.oldest_overdue_days, milestones: counts.overdue_codes },
      budget: facts.budget
        ? {
            year: period.year, allocated: facts.budget.allocated, executed: facts.budget.executed,
            ratePercent: facts.budget.rateTenths === null ? null : (facts.budget.rateTenths / 10).toFixed(1),
            applies: period.quarter >= rules.budgetFromQuarter,
          }
        : null,
    };
    return { facts, inputs };
  }

  /** POST /lights/recompute: every sub-project of a programme, or one, for a period; counts per colour. */
  async recomputeMany(ctx: RequestContext, body: RecomputeLightsBody): Promise<RecomputeResultDto> {
    if (!body.programme && !body.subProject) {
      throw AppError.invalid([{ field: 'programme', problems: ['give programme (every sub-project of it) or subProject (one)'] }]);
    }
    return this.uow.run(ctx, async (tx) => {
      const period = this.periodOrCurrent(body.period);
      const targets = await this.recomputeTargets(tx, body);
      const counts = { green: 0, yellow: 0, red: 0, white: 0 };
      let changed = 0;
      let overridden = 0;
      for (const id of targets) {
        const light = await this.recompute(tx, id, period.code);
        counts[light.computedColour]++;
        if (light.changed) changed++;
        if (light.overrideColour) overridden++;
      }
      return { programme: body.programme ?? null, subProject: body.subProject ?? null, period: period.code, total: targets.length, counts, changed, overridden };
    });
  }

  private async recomputeTargets(tx: Tx, body: RecomputeLightsBody): Promise<string[]> {
    let programmeId: string | null = null;
    if (body.programme) {
      const [p]: { id: string }[] = await tx.query('SELECT id FROM programme WHERE code = $1', [body.programme]);
      if (!p) throw AppError.invalid([{ field: 'programme', problems: [`programme "${body.programme}" does not exist`] }]);
      programmeId = p.id;
    }
    if (body.subProject) {
      const [sp]: { id: string; programme_id: string }[] = await tx.query('SELECT id, programme_id FROM sub_project WHERE code = $1', [body.subProject]);
      if (!sp) throw AppError.invalid([{ field: 'subProject', problems: [`subProject "${body.subProject}" does not exist`] }]);
      if (programmeId && sp.programme_id !== programmeId) {
        throw AppError.invalid([{ field: 'subProject', problems: [`subProject "${body.subProject}" is not in programme "${body.programme}"`] }]);
      }
      return [sp.id];
    }
    const rows: { id: string }[] = await tx.query('SELECT id FROM sub_project WHERE programme_id = $1 ORDER BY code', [programmeId]);
    return rows.map((r) => r.id);
  }

  /**
   * For a workflow whose step changed a light's inputs (a submission reached the secretariat, was
   * accepted or returned): recompute that period's light in the same transaction. A quarter that
   * has not begun has no light yet, so nothing is computed for it.
   */
  async refreshAfterChange(tx: Tx, subProjectId: string, periodCode: string): Promise<void> {
    if (parsePeriod(periodCode).start > this.clock.today()) return;
    await this.recompute(tx, subProjectId, periodCode);
  }

  /** A period to compute: well formed and already begun (a light for a quarter that has not started says nothing). */
  private periodOrCurrent(code: string | undefined): Period {
    const today = this.clock.today();
    if (code === undefined) return periodOf(today);
    const period = parsePeriod(code);
    if (period.start > today) {
      throw AppError.invalid([{ field: 'period', problems: [`period ${code} has not begun yet (today is ${today} in Asia/Taipei)`] }]);
    }
    return period;
  }

  // ---------------------------------------------------------------------------------------------
  // Reading and overriding

  /** GET /sub-projects/:code/lights: 404 when missing, 403 for another organisation's sub-project. */
  async lightsOf(code: string, scope: Scope): Promise<SubProjectLightsDto> {
    const sp = await this.subProjectInScope(this.dataSource, code, scope);
    const rows: (LightRow & { by_email: string | null; by_name: string | null })[] = await this.dataSource.query(
      `SELECT l.*, u.email AS by_email, u.display_name AS by_name
         FROM status_light l LEFT JOIN app_user u ON u.id = l.overridden_by
        WHERE l.sub_project_id = $1 ORDER BY l.period DESC`,
      [sp.id],
    );
    return { subProject: subProjectRef(sp), lights: rows.map(lightView) };
  }

  /** A coordinator's override: kept beside the computed light (computed first if the period has none). */
  async override(ctx: RequestContext, code: string, periodCode: string, colour: LightColour, justification: string): Promise<SubProjectLightDto> {
    const text = justification.trim();
    if (!text) throw AppError.invalid([{ field: 'justification', problems: ['justification must not be blank: say why the light is overridden'] }]);
    return this.uow.run(ctx, async (tx) => {
      const sp = await this.subProjectInScope(tx, code, { all: true });
      const period = this.periodOrCurrent(periodCode);
      let [light]: LightRow[] = await tx.query('SELECT * FROM status_light WHERE sub_project_id = $1 AND period = $2 FOR UPDATE', [sp.id, period.code]);
      if (!light) {
        await this.recompute(tx, sp.id, period.code);
        [light] = await tx.query('SELECT * FROM status_light WHERE sub_project_id = $1 AND period = $2 FOR UPDATE', [sp.id, period.code]);
      }
      await tx.query(
        `UPDATE status_light SET override_colour = $2, override_justification = $3, overridden_by = $4, overridden_at = now() WHERE id = $1`,
        [light.id, colour, text, ctx.actor.userId],
      );
      await tx.audit({
        action: 'status_light.override', entityType: 'status_light', entityId: light.id,
        before: overrideState(light),
        after: { period: light.period, computedColour: light.computed_colour, overrideColour: colour, justification: text },
      });
      await tx.outbox(OutboxTopic.StatusLightOverridden, { statusLightId: light.id, subProjectId: sp.id, period: light.period, colour, justification: text });
      return { subProject: subProjectRef(sp), light: await this.lightView(tx, light.id) };
    });
  }

  /** Removes the override: the computed light shows again. 404 when the light has no override. */
  async clearOverride(ctx: RequestContext, code: string, periodCode: string): Promise<SubProjectLightDto> {
    return this.uow.run(ctx, async (tx) => {
      const sp = await this.subProjectInScope(tx, code, { all: true });
      const period = parsePeriod(periodCode);
      const [light]: LightRow[] = await tx.query('SELECT * FROM status_light WHERE sub_project_id = $1 AND period = $2 FOR UPDATE', [sp.id, period.code]);
      if (!light?.override_colour) throw AppError.notFound('light override', `${code} ${period.code}`);
      await tx.query(
        'UPDATE status_light SET override_colour = NULL, override_justification = NULL, overridden_by = NULL, overridden_at = NULL WHERE id = $1',
        [light.id],
      );
      await tx.audit({
        action: 'status_light.override_removed', entityType: 'status_light', entityId: light.id,
        before: overrideState(light), after: { period: light.period, computedColour: light.computed_colour, overrideColour: null, justification: null },
      });
      await tx.outbox(OutboxTopic.StatusLightOverrideRemoved, { statusLightId: light.id, subProjectId: sp.id, period: light.period });
      return { subProject: subProjectRef(sp), light: await this.lightView(tx, light.id) };
    });
  }

  private async lightView(tx: Tx, id: string): Promise<StatusLightDto> {
    const [row] = await tx.query(
      `SELECT l.*, u.email AS by_email, u.display_name AS by_name FROM status_light l LEFT JOIN app_user u ON u.id = l.overridden_by WHERE l.id = $1`,
      [id],
    );
    return lightView(row);
  }

  private async subProjectInScope(db: Sql, code: string, scope: Scope): Promise<SubProjectRow> {
    const [sp]: SubProjectRow[] = await db.query(`${SUB_PROJECT_SELECT} WHERE sp.code = $1`, [code]);
    if (!sp) throw AppError.notFound('sub-project', code);
    // Another organisation's sub-project answers like a missing one: its code must not tell that it exists.
    if (!inScope(scope, sp.lead_id, sp.co_organisers)) throw AppError.notFound('sub-project', code);
    return sp;
  }

  // ---------------------------------------------------------------------------------------------
  // Rules per programme

  async rulesOf(code: string): Promise<LightRulesDto> {
    const [p]: { code: string; name: string; light_rules: Record<string, unknown> }[] = await this.dataSource.query(
      'SELECT code, name, light_rules FROM programme WHERE code = $1',
      [code],
    );
    if (!p) throw AppError.notFound('programme', code);
    return rulesView(p);
  }

  /** Replaces the programme's own thresholds (keys left out take the defaults). Lights change at the next recompute. */
  async putRules(ctx: RequestContext, code: string, input: Record<string, unknown>): Promise<LightRulesDto> {
    const rules = validateLightRules(input);
    return this.uow.run(ctx, async (tx) => {
      const [p]: { id: string; code: string; name: string; light_rules: Record<string, unknown> }[] = await tx.query(
        'SELECT id, code, name, light_rules FROM programme WHERE code = $1 FOR UPDATE',
        [code],
      );
      if (!p) throw AppError.notFound('programme', code);
      if (JSON.stringify(sortKeys(p.light_rules)) !== JSON.stringify(sortKeys(rules))) {
        await tx.query('UPDATE programme SET light_rules = $2, updated_at = now() WHERE id = $1', [p.id, JSON.stringify(rules)]);
        await tx.audit({ action: 'programme.light_rules', entityType: 'programme', entityId: p.id, before: { lightRules: p.light_rules }, after: { lightRules: rules } });
      }
      return rulesView({ ...p, light_rules: rules });
    });
  }
}

function sortKeys(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o ?? {}).sort(([a], [b]) => a.localeCompare(b)));
}

function rulesView(p: { code: string; name: string; light_rules: Record<string, unknown> }): LightRulesDto {
  const { rules, overridden } = effectiveLightRules(p.light_rules);
  return {
    programme: { code: p.code, name: p.name },
    rules: { ...rules },
    defaults: { ...DEFAULT_LIGHT_RULES },
    overridden,
    keys: (Object.keys(LIGHT_RULE_KEYS) as LightRuleKey[]).map((key) => ({
      key, value: rules[key], default: DEFAULT_LIGHT_RULES[key], overridden: overridden.includes(key), ...LIGHT_RULE_KEYS[key],
    })),
  };
}

function subProjectRef(sp: SubProjectRow): SubProjectRefDto {
  return { code: sp.code, name: sp.name, lead: organisationRef(sp.lead_code, sp.lead_name) };
}

function overrideState(light: LightRow): Record<string, unknown> {
  return { period: light.period, computedColour: light.computed_colour, overrideColour: light.override_colour, justification: light.override_justification };
}

function lightView(row: LightRow & { by_email: string | null; by_name: string | null }): StatusLightDto {
  return {
    period: row.period,
    colour: row.override_colour ?? row.computed_colour,
    computedColour: row.computed_colour,
    reasons: row.reasons,
    inputs: row.inputs,
    computedAt: isoTime(row.computed_at)!,
    overridden: row.override_colour
      ? {
          colour: row.override_colour, justification: row.override_justification!,
          by: row.by_email ? { email: row.by_email, displayName: row.by_name! } : null, at: isoTime(row.overridden_at)!,
        }
      : null,
  };
}
