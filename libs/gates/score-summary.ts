import { GateRequirement, SCORE_MAX } from './gate.entity.js';
import type { ScoreSummaryDto } from './gate.views.js';

/** One criterion with what its reviewers said (a row of the summary query). */
export interface CriterionScores {
  code: string;
  requirement: GateRequirement;
  /** numeric, as PostgreSQL returns it */
  weight: string;
  /** Should-meet scores given (0–10). */
  scores: number[];
  met: number;
  not_met: number;
  scored: number;
}

const fixed2 = (n: number): string => (Math.round(n * 100) / 100).toFixed(2);

/**
 * The review's score: for each should-meet criterion the mean of its scores; the weighted score is
 * Σ(weight × mean) / Σ(weight) over the criteria someone scored, on the 0–10 scale (and as a
 * percentage of 10). A must-meet criterion fails when at least one reviewer marked it not met.
 */
export function summariseScores(criteria: CriterionScores[], reviewersAssigned: number, reviewersSubmitted: number): ScoreSummaryDto {
  let weighted = 0;
  let weights = 0;
  const results = criteria.map((c) => {
    const weight = Number(c.weight);
    if (c.requirement === GateRequirement.ShouldMeet) {
      const scores = c.scores.map(Number);
      const mean = scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null;
      if (mean !== null) {
        weighted += weight * mean;
        weights += weight;
      }
      return { code: c.code, requirement: c.requirement, weight: String(weight), scored: c.scored, meanScore: mean === null ? null : fixed2(mean), met: null, notMet: null };
    }
    return { code: c.code, requirement: c.requirement, weight: String(weight), scored: c.scored, meanScore: null, met: c.met, notMet: c.not_met };
  });
  const score = weights > 0 ? weighted / weights : null;
  return {
    reviewersAssigned,
    reviewersSubmitted,
    weightedScore: score === null ? null : fixed2(score),
    weightedPercent: score === null ? null : fixed2((score / SCORE_MAX) * 100),
    mustMeetFailures: results.filter((r) => r.requirement === GateRequirement.MustMeet && (r.notMet ?? 0) > 0).map((r) => r.code),
    criteria: results,
  };
}
