import { GateRequirement } from './gate.entity.js';
import { summariseScores } from './score-summary.js';

const should = (code: string, weight: string, scores: number[]) => ({ code, requirement: GateRequirement.ShouldMeet, weight, scores, met: 0, not_met: 0, scored: scores.length });
const must = (code: string, met: number, notMet: number) => ({ code, requirement: GateRequirement.MustMeet, weight: '0.00', scores: [], met, not_met: notMet, scored: met + notMet });

describe('summariseScores', () => {
  it('weights the mean score of each should-meet criterion; lists must-meet criteria anyone marked not met', () => {
    const summary = summariseScores([must('c1', 2, 0), must('c2', 1, 1), should('c3', '3.00', [8, 6]), should('c4', '1.00', [4, 4])], 2, 2);
    // (3 × 7 + 1 × 4) / 4 = 6.25
    expect(summary).toMatchObject({ weightedScore: '6.25', weightedPercent: '62.50', mustMeetFailures: ['c2'], reviewersAssigned: 2, reviewersSubmitted: 2 });
    expect(summary.criteria.map((c) => [c.code, c.meanScore, c.met, c.notMet, c.weight])).toEqual([
      ['c1', null, 2, 0, '0'], ['c2', null, 1, 1, '0'], ['c3', '7.00', null, null, '3'], ['c4', '4.00', null, null, '1'],
    ]);
  });

  it('leaves criteria nobody scored out of the weighted score, and has no score before any scorecard', () => {
    expect(summariseScores([should('c1', '2', [10]), should('c2', '5', [])], 3, 1).weightedScore).toBe('10.00');
    expect(summariseScores([should('c1', '2', [])], 1, 0)).toMatchObject({ weightedScore: null, weightedPercent: null, mustMeetFailures: [] });
  });
});
