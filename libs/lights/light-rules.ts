/**
 * 燈號 rules: how a sub-project's status light for a reporting period (YYYY-Qn) is computed.
 * This file is the one place the rules and their default thresholds are written down; the README
 * quotes it. GPMnet's own thresholds are not published: these defaults are ours, and each
 * programme may change them (programme.light_rules, PUT /api/programmes/{code}/light-rules).
 *
 * 1. White (白燈) — nothing to judge:
 *    - not started: the period's year is before the sub-project's start year (only this reason);
 *    - not reported: no submission of the sub-project for the period, or for a milestone due in
 *      the period, reached the secretariat (status submitted, accepted or returned — or a returned
 *      one being revised, which keeps its submitted_at). The light is white, and the other rules
 *      below still run so that their findings are listed as reasons.
 * 2. Schedule slip (進度落後), in percentage points = planned % − reported %:
 *    - planned % at the end of the period = the share of the sub-project's milestones due by then;
 *      without milestones, the share of its period (start_year-01-01 … end_year-12-31) elapsed;
 *      rounded to 1 decimal. No milestones and no period ⇒ the rule cannot run;
 *    - reported % = progress_percent of the latest accepted submission up to the period; when only
 *      submitted / returned ones exist, the latest of those, and the reason says so;
 *    - slip ≥ slipYellowPp (10) ⇒ yellow; slip ≥ slipRedPp (20) ⇒ red.
 * 3. Overdue milestones (查核點逾期): due before min(period end, today in Asia/Taipei) and not
 *    accepted. Any ⇒ at least yellow; one overdue by more than overdueRedDays (30) days ⇒ red.
 * 4. Budget execution (預算執行率) = executed ÷ allocated for the period's year, executed from the
 *    latest accepted submission up to the period with that budget_year, allocated from the
 *    sub-project's budget_line rows. Below budgetYellowBelowPct (80 %) ⇒ yellow, below
 *    budgetRedBelowPct (50 %) ⇒ red; only from quarter budgetFromQuarter (Q3) of the year on (rates
 *    early in the year mean little), and only when an allocation exists and an executed figure
 *    was accepted.
 * 5. Otherwise green (綠燈), with an "on track" reason giving the figures.
 *
 * The colour is the worst of the rules that fired (green < yellow < red); white when rule 1
 * applies. Every rule that fired is a reason, in zh-TW and English, with its figures.
 */
import { AppError, type FieldProblem } from '../common/errors.js';
import { formatAmount } from '../common/decimal.js';
import { toRocYear } from '../common/roc.js';
import { LightColour, type LightReason } from './status-light.entity.js';

export interface LightRules {
  /** Schedule slip, in percentage points, from which the light is yellow. */
  slipYellowPp: number;
  /** Schedule slip, in percentage points, from which the light is red. */
  slipRedPp: number;
  /** A milestone overdue by more than this many days makes the light red. */
  overdueRedDays: number;
  /** Budget execution rate (%) below which the light is yellow. */
  budgetYellowBelowPct: number;
  /** Budget execution rate (%) below which the light is red. */
  budgetRedBelowPct: number;
  /** The budget rule applies from this quarter of the year on (1–4). */
  budgetFromQuarter: number;
}

export type LightRuleKey = keyof LightRules;

export const DEFAULT_LIGHT_RULES: Readonly<LightRules> = Object.freeze({
  slipYellowPp: 10,
  slipRedPp: 20,
  overdueRedDays: 30,
  budgetYellowBelowPct: 80,
  budgetRedBelowPct: 50,
  budgetFromQuarter: 3,
});

interface RuleKeySpec {
  min: number;
  max: number;
  integer: boolean;
  zh: string;
  en: string;
}

/** What each key means and what values it takes. */
export const LIGHT_RULE_KEYS: Readonly<Record<LightRuleKey, RuleKeySpec>> = {
  slipYellowPp: { min: 0.01, max: 100, integer: false, zh: '進度落後達此百分點即黃燈', en: 'Schedule slip (percentage points) from which the light is yellow' },
  slipRedPp: { min: 0.01, max: 100, integer: false, zh: '進度落後達此百分點即紅燈', en: 'Schedule slip (percentage points) from which the light is red' },
  overdueRedDays: { min: 0, max: 3650, integer: true, zh: '查核點逾期超過此天數即紅燈（逾期即至少黃燈）', en: 'A milestone overdue by more than this many days makes the light red (any overdue: at least yellow)' },
  budgetYellowBelowPct: { min: 0.01, max: 100, integer: false, zh: '預算執行率低於此百分比即黃燈', en: 'Budget execution rate (%) below which the light is yellow' },
  budgetRedBelowPct: { min: 0.01, max: 100, integer: false, zh: '預算執行率低於此百分比即紅燈', en: 'Budget execution rate (%) below which the light is red' },
  budgetFromQuarter: { min: 1, max: 4, integer: true, zh: '自該年第幾季起檢查預算執行率', en: 'The budget rule applies from this quarter of the year on' },
};

const RULE_KEYS = Object.keys(LIGHT_RULE_KEYS) as LightRuleKey[];

/**
 * Checks a programme's rule overrides (PUT body `rules`): known keys, numbers in range, at most
 * two decimals, and yellow before red once merged with the defaults. Problems name `rules.<key>`.
 */
export function validateLightRules(input: unknown): Partial<LightRules> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw AppError.invalid([{ field: 'rules', problems: ['rules must be an object of thresholds, e.g. { "slipYellowPp": 15 }'] }]);
  }
  const problems: FieldProblem[] = [];
  const rules: Partial<LightRules> = {};
  for (const [key, value] of Object.entries(input)) {
    const field = `rules.${key}`;
    if (!Object.hasOwn(LIGHT_RULE_KEYS, key)) {
      problems.push({ field, problems: [`${key} is not a light rule; the rules are ${RULE_KEYS.join(', ')}`] });
      continue;
    }
    const spec = LIGHT_RULE_KEYS[key as LightRuleKey];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      problems.push({ field, problems: [`${key} must be a number`] });
    } else if (spec.integer && !Number.isInteger(value)) {
      problems.push({ field, problems: [`${key} must be a whole number`] });
    } else if (value < spec.min || value > spec.max) {
      problems.push({ field, problems: [`${key} must be between ${spec.min} and ${spec.max}`] });
    } else if (Math.abs(value * 100 - Math.round(value * 100)) > 1e-9) {
      problems.push({ field, problems: [`${key} may have at most two decimals`] });
    } else {
      rules[key as LightRuleKey] = value;
    }
  }
  if (problems.length) throw AppError.invalid(problems);

  const merged = { ...DEFAULT_LIGHT_RULES, ...rules };
  const order: [LightRuleKey, LightRuleKey, string][] = [
    ['slipYellowPp', 'slipRedPp', 'slipYellowPp must be less than slipRedPp (yellow comes before red)'],
    ['budgetRedBelowPct', 'budgetYellowBelowPct', 'budgetRedBelowPct must be less than budgetYellowBelowPct (red is the lower rate)'],
  ];
  for (const [lower, higher, message] of order) {
    if (!(merged[lower] < merged[higher])) {
      // Name the key the caller changed (both when both were given).
      const named = [lower, higher].filter((k) => k in rules);
      for (const key of named.length ? named : [lower]) {
        problems.push({ field: `rules.${key}`, problems: [`${message}: now ${lower} = ${merged[lower]}, ${higher} = ${merged[higher]}`] });
      }
    }
  }
  if (problems.length) throw AppError.invalid(problems);
  return rules;
}

/** The rules a programme runs with: the defaults, with its own valid overrides on top. */
export function effectiveLightRules(stored: Record<string, unknown> | null | undefined): { rules: LightRules; overridden: LightRuleKey[] } {
  let own: Partial<LightRules> = {};
  try {
    own = validateLightRules(stored ?? {});
  } catch {
    // Written outside the API and invalid: the defaults are safer than a half-applied set.
    own = {};
  }
  return { rules: { ...DEFAULT_LIGHT_RULES, ...own }, overridden: RULE_KEYS.filter((k) => k in own) };
}

// ---------------------------------------------------------------------------------------------
// Evaluation. Percentages travel as integer hundredths (37.5 % = 3750) so that the figures in the
// words and the comparisons are the same exact numbers.

/** What the rules look at, gathered by LightsService from the database. */
export interface LightFacts {
  period: string;
  quarter: number;
  startYear: number | null;
  /** The period's year is before the start year. */
  notStarted: boolean;
  /** A submission for the period (or a milestone due in it) reached the secretariat. */
  reported: boolean;
  /** Planned progress at the end of the period, or null when it cannot be known. */
  planned: { hundredths: number; basis: 'milestones' | 'elapsed' } | null;
  /** The reported progress used, or null when none was ever reported. */
  progress: { hundredths: number; accepted: boolean; period: string } | null;
  overdue: { count: number; oldestDays: number };
  /** Null when the period's year has no allocation. */
  budget: { year: number; allocated: string; executed: string | null; rateTenths: number | null } | null;
}

export interface LightVerdict {
  colour: LightColour;
  reasons: LightReason[];
}

const SEVERITY: Record<LightColour, number> = { [LightColour.White]: -1, [LightColour.Green]: 0, [LightColour.Yellow]: 1, [LightColour.Red]: 2 };

/** 1250 → "12.5", 5000 → "50", 3333 → "33.33". */
export function formatHundredths(h: number): string {
  const sign = h < 0 ? '-' : '';
  const abs = Math.abs(h);
  const whole = Math.floor(abs / 100);
  const fraction = String(abs % 100).padStart(2, '0').replace(/0+$/, '');
  return `${sign}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** An exact decimal string ("37.50", "12") in hundredths, without going through a float. */
export function toHundredths(value: string | number): number {
  const [whole, fraction = ''] = String(value).split('.');
  const negative = whole.startsWith('-');
  const h = Math.abs(Number(whole)) * 100 + Number(fraction.padEnd(2, '0').slice(0, 2));
  return negative ? -h : h;
}

/** Applies the rules to the facts: the colour and every reason. Pure; unit-tested in light-rules.spec.ts. */
export function evaluateLight(facts: LightFacts, rules: LightRules): LightVerdict {
  if (facts.notStarted && facts.startYear !== null) {
    return {
      colour: LightColour.White,
      reasons: [{
        code: 'not_started',
        zh: `計畫尚未開始（民國 ${toRocYear(facts.startYear)} 年起）`,
        en: `Not started yet (starts in ${facts.startYear})`,
      }],
    };
  }

  const fired: { colour: LightColour; reason: LightReason }[] = [];
  const unaccepted = facts.progress && !facts.progress.accepted
    ? { zh: `；實際進度取自 ${facts.progress.period} 尚未審定之填報`, en: `; the reported figure is from a ${facts.progress.period} submission not yet accepted` }
    : { zh: '', en: '' };

  // Schedule slip
  let slip: number | null = null;
  if (facts.planned && facts.progress) {
    slip = facts.planned.hundredths - facts.progress.hundredths;
    const colour = slip >= toHundredths(rules.slipRedPp) ? LightColour.Red : slip >= toHundredths(rules.slipYellowPp) ? LightColour.Yellow : null;
    if (colour) {
      const [s, p, r] = [slip, facts.planned.hundredths, facts.progress.hundredths].map(formatHundredths);
      const threshold = colour === LightColour.Red ? rules.slipRedPp : rules.slipYellowPp;
      fired.push({
        colour,
        reason: {
          code: 'schedule_slip',
          zh: `進度落後 ${s} 個百分點（預定 ${p}%，實際 ${r}%），達 ${threshold} 個百分點即${colour === LightColour.Red ? '紅燈' : '黃燈'}${unaccepted.zh}`,
          en: `Behind schedule by ${s} pp (planned ${p}%, reported ${r}%); ${threshold} pp or more is ${colour}${unaccepted.en}`,
        },
      });
    }
  }

  // Overdue milestones
  if (facts.overdue.count > 0) {
    const { count, oldestDays } = facts.overdue;
    const red = oldestDays > rules.overdueRedDays;
    fired.push({
      colour: red ? LightColour.Red : LightColour.Yellow,
      reason: {
        code: 'overdue_milestones',
        zh: `${count} 個查核點逾期未審定（最久逾期 ${oldestDays} 天${red ? `，超過 ${rules.overdueRedDays} 天即紅燈` : ''}）`,
        en: `${count} milestone${count === 1 ? '' : 's'} overdue and not accepted (the oldest by ${oldestDays} day${oldestDays === 1 ? '' : 's'}${red ? `, more than ${rules.overdueRedDays} is red` : ''})`,
      },
    });
  }

  // Budget execution
  const budget = facts.budget;
  if (budget && budget.rateTenths !== null && budget.executed !== null && facts.quarter >= rules.budgetFromQuarter) {
    const rate = budget.rateTenths * 10;
    const colour = rate < toHundredths(rules.budgetRedBelowPct) ? LightColour.Red : rate < toHundredths(rules.budgetYellowBelowPct) ? LightColour.Yellow : null;
    if (colour) {
      const threshold = colour === LightColour.Red ? rules.budgetRedBelowPct : rules.budgetYellowBelowPct;
      const shown = (budget.rateTenths / 10).toFixed(1);
      fired.push({
        colour,
        reason: {
          code: 'low_budget_execution',
          zh: `${budget.year} 年（民國 ${toRocYear(budget.year)} 年）預算執行率 ${shown}%（執行 ${formatAmount(budget.executed)} 億元／分配 ${formatAmount(budget.allocated)} 億元），低於 ${threshold}%`,
          en: `Budget execution rate for ${budget.year} is ${shown}% (executed ${formatAmount(budget.executed)} of ${formatAmount(budget.allocated)} 億元 allocated), below ${threshold}%`,
        },
      });
    }
  }

  const reasons = fired.map((f) => f.reason);
  if (!facts.reported) {
    return {
      colour: LightColour.White,
      reasons: [{
        code: 'not_reported',
        zh: `${facts.period} 未填報：沒有送達秘書室的填報`,
        en: `Nothing reported for ${facts.period}: no submission reached the secretariat`,
      }, ...reasons],
    };
  }
  if (fired.length) {
    const colour = fired.reduce((worst, f) => (SEVERITY[f.colour] > SEVERITY[worst] ? f.colour : worst), LightColour.Green);
    return { colour, reasons };
  }
  const figures = facts.planned && facts.progress
    ? { zh: `（預定 ${formatHundredths(facts.planned.hundredths)}%，實際 ${formatHundredths(facts.progress.hundredths)}%）`, en: ` (planned ${formatHundredths(facts.planned.hundredths)}%, reported ${formatHundredths(facts.progress.hundredths)}%)` }
    : { zh: '', en: '' };
  return {
    colour: LightColour.Green,
    reasons: [{
      code: 'on_track',
      zh: `進度正常，各項規則均未觸發${figures.zh}${unaccepted.zh}`,
      en: `On track: no rule fired${figures.en}${unaccepted.en}`,
    }],
  };
}
