import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { RequestContext } from '../access/actor.js';
import { inScope, type Scope } from '../access/scope.js';
import { type Tx, UnitOfWork } from '../audit/unit-of-work.js';
import { Clock } from '../common/clock.js';
import { AppError } from '../common/errors.js';
import type { DbHandle } from '../database/db-handle.js';
import { execute, rowOf, rowsOf } from '../database/sql-query.js';
import {
  BUDGET_FACTS, CLEAR_OVERRIDE, LIGHT_BY_ID, LIGHT_SUB_PROJECT, type LightRow, type LightSubProjectRow, type LightWithOverrider, LIGHTS_OF_SUB_PROJECT, LOCK_LIGHT,
  LOCK_PROGRAMME_RULES, MILESTONE_FACTS, PROGRAMME_ID, PROGRAMME_RULES, PROGRAMME_SUB_PROJECTS, REPORTED_PROGRESS, SET_OVERRIDE, SET_PROGRAMME_RULES,
  SUB_PROJECT_PROGRAMME, SUB_PROJECT_WITH_RULES, UPSERT_LIGHT,
} from './lights.queries.js';
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
    const db: DbHandle = target;
    const period = parsePeriod(periodCode);
    const sp = await rowOf(db, SUB_PROJECT_WITH_RULES, [subProjectId]);
    if (!sp) throw AppError.notFound('sub-project', subProjectId);

    const today = this.clock.today();
    const { rules } = effectiveLightRules(sp.light_rules);
    const { facts, inputs } = await this.gatherFacts(db, sp, period, today, rules);
    const verdict = evaluateLight(facts, rules);

    const before = await rowOf(db, LOCK_LIGHT, [subProjectId, period.code]);
    const row = (await rowOf(db, UPSERT_LIGHT, [subProjectId, period.code, verdict.colour, JSON.stringify(verdict.reasons), JSON.stringify(inputs)]))!;
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
    db: DbHandle, sp: { id: string; start_year: number | null; end_year: number | null }, period: Period, today: string, rules: LightRules,
  ): Promise<{ facts: LightFacts; inputs: Record<string, unknown> }> {
    const asOf = minDate(period.end, today);
    const counts = (await rowOf(db, MILESTONE_FACTS, [sp.id, period.code, period.end, period.start, asOf]))!;
    const progress = await rowOf(db, REPORTED_PROGRESS, [sp.id, period.code]);
    const budget = (await rowOf(db, BUDGET_FACTS, [sp.id, period.year, period.code]))!; // one row: the CTE joins onto alloc

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
      const p = await rowOf(tx, PROGRAMME_ID, [body.programme]);
      if (!p) throw AppError.invalid([{ field: 'programme', problems: [`programme "${body.programme}" does not exist`] }]);
      programmeId = p.id;
    }
    if (body.subProject) {
      const sp = await rowOf(tx, SUB_PROJECT_PROGRAMME, [body.subProject]);
      if (!sp) throw AppError.invalid([{ field: 'subProject', problems: [`subProject "${body.subProject}" does not exist`] }]);
      if (programmeId && sp.programme_id !== programmeId) {
        throw AppError.invalid([{ field: 'subProject', problems: [`subProject "${body.subProject}" is not in programme "${body.programme}"`] }]);
      }
      return [sp.id];
    }
    const rows = await rowsOf(tx, PROGRAMME_SUB_PROJECTS, [programmeId]);
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
    const rows = await rowsOf(this.dataSource, LIGHTS_OF_SUB_PROJECT, [sp.id]);
    return { subProject: subProjectRef(sp), lights: rows.map(lightView) };
  }

  /** A coordinator's override: kept beside the computed light (computed first if the period has none). */
  async override(ctx: RequestContext, code: string, periodCode: string, colour: LightColour, justification: string): Promise<SubProjectLightDto> {
    const text = justification.trim();
    if (!text) throw AppError.invalid([{ field: 'justification', problems: ['justification must not be blank: say why the light is overridden'] }]);
    return this.uow.run(ctx, async (tx) => {
      const sp = await this.subProjectInScope(tx, code, { all: true });
      const period = this.periodOrCurrent(periodCode);
      let light = await rowOf(tx, LOCK_LIGHT, [sp.id, period.code]);
      if (!light) {
        await this.recompute(tx, sp.id, period.code);
        light = (await rowOf(tx, LOCK_LIGHT, [sp.id, period.code]))!;
      }
      await execute(tx, SET_OVERRIDE, [light.id, colour, text, ctx.actor.userId]);
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
      const light = await rowOf(tx, LOCK_LIGHT, [sp.id, period.code]);
      if (!light?.override_colour) throw AppError.notFound('light override', `${code} ${period.code}`);
      await execute(tx, CLEAR_OVERRIDE, [light.id]);
      await tx.audit({
        action: 'status_light.override_removed', entityType: 'status_light', entityId: light.id,
        before: overrideState(light), after: { period: light.period, computedColour: light.computed_colour, overrideColour: null, justification: null },
      });
      await tx.outbox(OutboxTopic.StatusLightOverrideRemoved, { statusLightId: light.id, subProjectId: sp.id, period: light.period });
      return { subProject: subProjectRef(sp), light: await this.lightView(tx, light.id) };
    });
  }

  private async lightView(tx: Tx, id: string): Promise<StatusLightDto> {
    return lightView((await rowOf(tx, LIGHT_BY_ID, [id]))!);
  }

  private async subProjectInScope(db: DbHandle, code: string, scope: Scope): Promise<LightSubProjectRow> {
    const sp = await rowOf(db, LIGHT_SUB_PROJECT, [code]);
    if (!sp) throw AppError.notFound('sub-project', code);
    // Another organisation's sub-project answers like a missing one: its code must not tell that it exists.
    if (!inScope(scope, sp.lead_id, sp.co_organisers)) throw AppError.notFound('sub-project', code);
    return sp;
  }

  // ---------------------------------------------------------------------------------------------
  // Rules per programme

  async rulesOf(code: string): Promise<LightRulesDto> {
    const p = await rowOf(this.dataSource, PROGRAMME_RULES, [code]);
    if (!p) throw AppError.notFound('programme', code);
    return rulesView(p);
  }

  /** Replaces the programme's own thresholds (keys left out take the defaults). Lights change at the next recompute. */
  async putRules(ctx: RequestContext, code: string, input: Record<string, unknown>): Promise<LightRulesDto> {
    const rules = validateLightRules(input);
    return this.uow.run(ctx, async (tx) => {
      const p = await rowOf(tx, LOCK_PROGRAMME_RULES, [code]);
      if (!p) throw AppError.notFound('programme', code);
      if (JSON.stringify(sortKeys(p.light_rules)) !== JSON.stringify(sortKeys(rules))) {
        await execute(tx, SET_PROGRAMME_RULES, [p.id, JSON.stringify(rules)]);
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

function subProjectRef(sp: LightSubProjectRow): SubProjectRefDto {
  return { code: sp.code, name: sp.name, lead: organisationRef(sp.lead_code, sp.lead_name) };
}

function overrideState(light: LightRow): Record<string, unknown> {
  return { period: light.period, computedColour: light.computed_colour, overrideColour: light.override_colour, justification: light.override_justification };
}

function lightView(row: LightWithOverrider): StatusLightDto {
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
