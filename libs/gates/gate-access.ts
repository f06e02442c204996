/**
 * Gate-review facts that reports need to decide who reads a gate packet (libs/reports/report-access.ts
 * calls these). Plain SQL with no import from libs/reports, so reports can use them without a cycle
 * (libs/gates already imports libs/reports to request packets).
 */

/** Anything that runs SQL: the data source, a transaction's manager, a UnitOfWork's Tx. */
export type GateDb = { query(sql: string, params?: unknown[]): Promise<any> };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The sub-project and programme a gate review is about, or null when there is no such review. */
export async function gateReviewSubject(db: GateDb, gateReviewId: string): Promise<{ subProjectId: string; programmeId: string } | null> {
  if (!UUID.test(gateReviewId)) return null;
  const [row]: { sub_project_id: string; programme_id: string }[] = await db.query(
    `SELECT r.sub_project_id, sp.programme_id FROM gate_review r JOIN sub_project sp ON sp.id = r.sub_project_id WHERE r.id = $1`,
    [gateReviewId],
  );
  return row ? { subProjectId: row.sub_project_id, programmeId: row.programme_id } : null;
}

/** Whether the user is one of the gate review's assigned reviewers. */
export async function reviewerAssigned(db: GateDb, gateReviewId: string, userId: string): Promise<boolean> {
  if (!UUID.test(gateReviewId)) return false;
  const [row] = await db.query(`SELECT 1 FROM gate_reviewer WHERE review_id = $1 AND user_id = $2`, [gateReviewId, userId]);
  return Boolean(row);
}

/**
 * SQL keeping the reports (alias `alias`) that are gate packets of a review the user is assigned to;
 * `param` adds a parameter and returns its placeholder. Compared as text: a malformed id in a
 * report's parameters matches nothing instead of failing the cast.
 */
export function reviewerPacketsSql(userId: string, param: (value: unknown) => string, alias = 'r'): string {
  return `(${alias}.kind = 'gate_packet' AND EXISTS (SELECT 1 FROM gate_reviewer gr
            WHERE gr.user_id = ${param(userId)} AND gr.review_id::text = ${alias}.parameters->>'gateReview'))`;
}
