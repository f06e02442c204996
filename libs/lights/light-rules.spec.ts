import { AppError } from '../common/errors.js';
import { DEFAULT_LIGHT_RULES, effectiveLightRules, evaluateLight, formatHundredths, type LightFacts, toHundredths, validateLightRules } from './light-rules.js';
import { parsePeriod } from './period.js';

const facts = (over: Partial<LightFacts> = {}): LightFacts => ({
  period: '2024-Q3', quarter: 3, startYear: 2023, notStarted: false, reported: true,
  planned: { hundredths: 5000, basis: 'milestones' }, progress: { hundredths: 5000, accepted: true, period: '2024-Q3' },
  overdue: { count: 0, oldestDays: 0 }, budget: null, ...over,
});

const fieldsOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (e) {
    return ((e as AppError).details?.fields ?? []).map((f) => f.field);
  }
  throw new Error('expected a validation error');
};

describe('exact percentages', () => {
  it('reads and writes hundredths without floats', () => {
    expect(toHundredths('37.50')).toBe(3750);
    expect(toHundredths('100.00')).toBe(10000);
    expect(toHundredths(12.5)).toBe(1250);
    expect(toHundredths('0.4')).toBe(40);
    expect(formatHundredths(1250)).toBe('12.5');
    expect(formatHundredths(5000)).toBe('50');
    expect(formatHundredths(3333)).toBe('33.33');
    expect(formatHundredths(-250)).toBe('-2.5');
  });
});

describe('periods', () => {
  it('knows each quarter\'s first and last day, and refuses anything else naming the field', () => {
    expect(parsePeriod('2024-Q1')).toMatchObject({ year: 2024, quarter: 1, start: '2024-01-01', end: '2024-03-31' });
    expect(parsePeriod('2024-Q4')).toMatchObject({ start: '2024-10-01', end: '2024-12-31' });
    for (const bad of ['2024-Q5', '2024Q1', '24-Q1', '2024-q1', '']) expect(fieldsOf(() => parsePeriod(bad))).toEqual(['period']);
  });
});

describe('rule validation', () => {
  it('accepts known keys in range and names every bad one', () => {
    expect(validateLightRules({ slipYellowPp: 15, slipRedPp: 25.5 })).toEqual({ slipYellowPp: 15, slipRedPp: 25.5 });
    expect(fieldsOf(() => validateLightRules({ slipYellowPp: '15' }))).toEqual(['rules.slipYellowPp']);
    expect(fieldsOf(() => validateLightRules({ overdueRedDays: 1.5 }))).toEqual(['rules.overdueRedDays']);
    expect(fieldsOf(() => validateLightRules({ budgetFromQuarter: 5 }))).toEqual(['rules.budgetFromQuarter']);
    expect(fieldsOf(() => validateLightRules({ slipYellowPp: 10.123 }))).toEqual(['rules.slipYellowPp']);
    expect(fieldsOf(() => validateLightRules({ colour: 1, toString: 2 }))).toEqual(['rules.colour', 'rules.toString']);
    expect(fieldsOf(() => validateLightRules([]))).toEqual(['rules']);
  });

  it('wants yellow before red once merged with the defaults', () => {
    expect(fieldsOf(() => validateLightRules({ slipYellowPp: 25 }))).toEqual(['rules.slipYellowPp']);
    expect(fieldsOf(() => validateLightRules({ slipYellowPp: 30, slipRedPp: 20 }))).toEqual(['rules.slipYellowPp', 'rules.slipRedPp']);
    expect(fieldsOf(() => validateLightRules({ budgetRedBelowPct: 85 }))).toEqual(['rules.budgetRedBelowPct']);
    expect(validateLightRules({ slipYellowPp: 25, slipRedPp: 40 })).toEqual({ slipYellowPp: 25, slipRedPp: 40 });
  });

  it('runs stored rules that are invalid with the defaults', () => {
    expect(effectiveLightRules({ slipYellowPp: 15 })).toEqual({ rules: { ...DEFAULT_LIGHT_RULES, slipYellowPp: 15 }, overridden: ['slipYellowPp'] });
    expect(effectiveLightRules({ slipYellowPp: 'x' })).toEqual({ rules: DEFAULT_LIGHT_RULES, overridden: [] });
  });
});

describe('evaluation', () => {
  const rules = DEFAULT_LIGHT_RULES;

  it('is green with an on-track reason when no rule fires', () => {
    const v = evaluateLight(facts({ progress: { hundredths: 4100, accepted: true, period: '2024-Q3' } }), rules);
    expect(v.colour).toBe('green');
    expect(v.reasons).toEqual([{ code: 'on_track', zh: '進度正常，各項規則均未觸發（預定 50%，實際 41%）', en: 'On track: no rule fired (planned 50%, reported 41%)' }]);
  });

  it('slip: yellow from 10 pp, red from 20 pp, in words with the figures', () => {
    const yellow = evaluateLight(facts({ progress: { hundredths: 3750, accepted: true, period: '2024-Q3' } }), rules);
    expect(yellow.colour).toBe('yellow');
    expect(yellow.reasons[0].zh).toMatch(/^進度落後 12.5 個百分點（預定 50%，實際 37.5%）/);
    expect(yellow.reasons[0].en).toMatch(/^Behind schedule by 12.5 pp \(planned 50%, reported 37.5%\)/);
    expect(evaluateLight(facts({ progress: { hundredths: 4000, accepted: true, period: '2024-Q3' } }), rules).colour).toBe('yellow');
    expect(evaluateLight(facts({ progress: { hundredths: 3000, accepted: true, period: '2024-Q3' } }), rules).colour).toBe('red');
    expect(evaluateLight(facts({ progress: { hundredths: 3001, accepted: true, period: '2024-Q3' } }), rules).colour).toBe('yellow');
  });

  it('says when the reported figure is not accepted yet', () => {
    const v = evaluateLight(facts({ progress: { hundredths: 3000, accepted: false, period: '2024-Q2' } }), rules);
    expect(v.reasons[0].zh).toContain('實際進度取自 2024-Q2 尚未審定之填報');
    expect(v.reasons[0].en).toContain('from a 2024-Q2 submission not yet accepted');
  });

  it('overdue: any is yellow, more than 30 days is red', () => {
    expect(evaluateLight(facts({ overdue: { count: 2, oldestDays: 30 } }), rules)).toMatchObject({ colour: 'yellow', reasons: [{ code: 'overdue_milestones', en: '2 milestones overdue and not accepted (the oldest by 30 days)' }] });
    expect(evaluateLight(facts({ overdue: { count: 1, oldestDays: 31 } }), rules).colour).toBe('red');
  });

  it('budget: below 80 % yellow, below 50 % red, only from Q3 and only with an allocation', () => {
    const budget = (rateTenths: number) => ({ year: 2024, allocated: '2.0000', executed: String(rateTenths / 500), rateTenths });
    expect(evaluateLight(facts({ budget: budget(799) }), rules).colour).toBe('yellow');
    expect(evaluateLight(facts({ budget: budget(800) }), rules).colour).toBe('green');
    expect(evaluateLight(facts({ budget: budget(499) }), rules).colour).toBe('red');
    expect(evaluateLight(facts({ budget: budget(499), quarter: 2, period: '2024-Q2' }), rules).colour).toBe('green');
    expect(evaluateLight(facts({ budget: null }), rules).colour).toBe('green');
    expect(evaluateLight(facts({ budget: budget(400) }), rules).reasons[0].zh).toBe('2024 年（民國 113 年）預算執行率 40.0%（執行 0.80 億元／分配 2.00 億元），低於 50%');
  });

  it('takes the worst colour and lists every rule that fired', () => {
    const v = evaluateLight(facts({ progress: { hundredths: 3750, accepted: true, period: '2024-Q3' }, overdue: { count: 1, oldestDays: 40 } }), rules);
    expect(v.colour).toBe('red');
    expect(v.reasons.map((r) => r.code)).toEqual(['schedule_slip', 'overdue_milestones']);
  });

  it('white when not started (only that reason) or nothing reported (the other findings listed after)', () => {
    expect(evaluateLight(facts({ notStarted: true, startYear: 2025 }), rules)).toEqual({
      colour: 'white', reasons: [{ code: 'not_started', zh: '計畫尚未開始（民國 114 年起）', en: 'Not started yet (starts in 2025)' }],
    });
    const v = evaluateLight(facts({ reported: false, overdue: { count: 1, oldestDays: 90 } }), rules);
    expect(v.colour).toBe('white');
    expect(v.reasons.map((r) => r.code)).toEqual(['not_reported', 'overdue_milestones']);
  });

  it('follows a programme\'s own thresholds', () => {
    const f = facts({ progress: { hundredths: 3750, accepted: true, period: '2024-Q3' } });
    expect(evaluateLight(f, { ...rules, slipYellowPp: 15, slipRedPp: 25 }).colour).toBe('green');
    expect(evaluateLight(f, { ...rules, slipYellowPp: 5, slipRedPp: 12.5 }).colour).toBe('red');
  });
});
