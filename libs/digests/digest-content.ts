import type { EntityManager } from 'typeorm';
import { addDays, TIME_ZONE } from '../common/clock.js';
import { ORGANISATION_CLOSURE } from '../notifications/recipients.js';
import { DIGEST_SECTION_LIMIT, type DigestSection, type DigestSectionKey, DUE_SOON_DAYS } from './digest-payload.js';

type Sections = Partial<Record<DigestSectionKey, DigestSection>>;

/** Taipei midnight of a date, as an instant (audit and review times are instants). */
const taipeiMidnight = (placeholder: string) => `(${placeholder}::date::timestamp AT TIME ZONE '${TIME_ZONE}')`;

/** Rows `(id, total)`: the first DIGEST_SECTION_LIMIT ids in order, with the count of all. */
async function section(manager: EntityManager, orderedIdsSql: string, params: unknown[]): Promise<DigestSection> {
  const rows: { id: string; total: number }[] = await manager.query(
    `SELECT q.id, count(*) OVER ()::int AS total FROM (${orderedIdsSql}) q LIMIT ${DIGEST_SECTION_LIMIT}`,
    params,
  );
  // LIMIT runs after the window: total counts every row, ids keep the inner ORDER BY.
  return { ids: rows.map((r) => r.id), total: rows[0]?.total ?? 0 };
}

/**
 * A coordinator's sections, the same for every coordinator: what turned red and what became overdue
 * in the period [start, end), and what waits for the secretariat now.
 */
export async function coordinatorSections(manager: EntityManager, start: string, end: string): Promise<Sections> {
  return {
    // Lights red now whose audit trail shows them turning red (recomputed or overridden) in the period.
    newRedLights: await section(
      manager,
      `SELECT l.id::text AS id FROM status_light l JOIN sub_project sp ON sp.id = l.sub_project_id
        WHERE COALESCE(l.override_colour, l.computed_colour) = 'red'
          AND EXISTS (SELECT 1 FROM audit_event e
                       WHERE e.entity_type = 'status_light' AND e.entity_id = l.id
                         AND e.at >= ${taipeiMidnight('$1')} AND e.at < ${taipeiMidnight('$2')}
                         AND COALESCE(e.after->>'overrideColour', e.after->>'computedColour') = 'red'
                         AND (e.before IS NULL OR COALESCE(e.before->>'overrideColour', e.before->>'computedColour') IS DISTINCT FROM 'red'))
        ORDER BY sp.code, l.period`,
      [start, end],
    ),
    // Due in the period and not accepted: overdue since the day after its due date (IDX_milestone_open_due).
    newlyOverdue: await section(
      manager,
      `SELECT m.id::text AS id FROM milestone m
        WHERE m.status <> 'accepted' AND m.due_date >= $1::date AND m.due_date < $2::date
        ORDER BY m.due_date, m.code`,
      [start, end],
    ),
    awaitingReview: await section(
      manager,
      `SELECT s.id::text AS id FROM submission s WHERE s.status = 'submitted' ORDER BY s.submitted_at NULLS LAST, s.id`,
      [],
    ),
    releaseRequests: await section(
      manager,
      `SELECT a.resolution_id || '/' || a.organisation_id AS id
         FROM resolution_assignment a JOIN resolution r ON r.id = a.resolution_id JOIN organisation o ON o.id = a.organisation_id
        WHERE a.status = 'release_requested'
        ORDER BY r.code, o.code`,
      [],
    ),
  };
}

/**
 * A ministry user's sections for the sub-projects their organisation (or a unit under it) leads:
 * open milestones due within DUE_SOON_DAYS of `day`, every overdue one, and submissions the
 * secretariat returned in the period [start, end).
 */
export async function ministrySections(manager: EntityManager, organisationId: string, start: string, day: string): Promise<Sections> {
  // The reverse of "who acts for an organisation": the organisations this organisation acts for.
  const own = `(WITH RECURSIVE ${ORGANISATION_CLOSURE} SELECT organisation_id FROM organisation_closure WHERE acting_organisation_id = $1::uuid)`;
  return {
    dueSoon: await section(
      manager,
      `SELECT m.id::text AS id FROM milestone m JOIN sub_project sp ON sp.id = m.sub_project_id
        WHERE m.status <> 'accepted' AND m.due_date >= $2::date AND m.due_date < $3::date AND sp.lead_organisation_id IN ${own}
        ORDER BY m.due_date, m.code`,
      [organisationId, day, addDays(day, DUE_SOON_DAYS)],
    ),
    overdue: await section(
      manager,
      `SELECT m.id::text AS id FROM milestone m JOIN sub_project sp ON sp.id = m.sub_project_id
        WHERE m.status <> 'accepted' AND m.due_date < $2::date AND sp.lead_organisation_id IN ${own}
        ORDER BY m.due_date, m.code`,
      [organisationId, day],
    ),
    returned: await section(
      manager,
      `SELECT s.id::text AS id FROM submission s JOIN sub_project sp ON sp.id = s.sub_project_id
        WHERE sp.lead_organisation_id IN ${own}
          AND EXISTS (SELECT 1 FROM submission_review r WHERE r.submission_id = s.id AND r.action = 'return'
                       AND r.at >= ${taipeiMidnight('$2')} AND r.at < ${taipeiMidnight('$3')})
        ORDER BY sp.code, s.id`,
      [organisationId, start, day],
    ),
  };
}

/** The recipient's held notifications (delivery = digest), locked until the digest records them. */
export async function heldNotifications(manager: EntityManager, userId: string): Promise<string[]> {
  const rows: { id: string }[] = await manager.query(
    `SELECT id FROM notification WHERE recipient_user_id = $1 AND status = 'held' ORDER BY created_at, id FOR UPDATE`,
    [userId],
  );
  return rows.map((r) => r.id);
}
