import { defineQuery, defineStatement } from '../database/sql-query.js';

/**
 * The calendar feed's SQL (checked by test/sql-queries.int-spec.ts). The item queries take the
 * feed owner's visibility as parameters, the same rules as their own screens:
 * $1 sees everything of the kind (milestones and meetings: secretariat, reviewers, viewers; gate
 * reviews: secretariat and viewers), $2 the organisations a ministry user acts for (their own and
 * the units under it), $3..$4 the window of dates, $5 (gates) the user: an assigned reviewer sees
 * the reviews assigned to them.
 */

const IN_SCOPE = `($1::boolean OR sp.lead_organisation_id = ANY($2::uuid[])
      OR EXISTS (SELECT 1 FROM sub_project_co_organiser sco WHERE sco.sub_project_id = sp.id AND sco.organisation_id = ANY($2::uuid[])))`;
const GATE_VISIBLE = `(${IN_SCOPE} OR EXISTS (SELECT 1 FROM gate_reviewer gr WHERE gr.review_id = r.id AND gr.user_id = $5::uuid))`;
/** At most this many events of each kind (ordered by date): a feed stays small enough for any client. */
const FEED_LIMIT = 3000;

export interface FeedOwnerRow {
  user_id: string;
  roles: string[];
  locale: string;
  display_name: string;
  organisation_ids: string[];
}

/** $1 token hash: the live feed's owner, active, with the organisations they act for */
export const FEED_OWNER = defineQuery<FeedOwnerRow>(
  'calendar-feed.owner',
  `SELECT u.id AS user_id, u.roles::text[] AS roles, u.locale, u.display_name, COALESCE(t.ids, '{}') AS organisation_ids
     FROM calendar_feed f JOIN app_user u ON u.id = f.user_id
     LEFT JOIN LATERAL (
       WITH RECURSIVE tree(id) AS (SELECT u.organisation_id UNION SELECT o.id FROM organisation o JOIN tree ON o.parent_id = tree.id)
       SELECT array_agg(id) AS ids FROM tree WHERE id IS NOT NULL) t ON true
    WHERE f.token_hash = $1 AND u.is_active`,
  { user_id: true, roles: true, locale: true, display_name: true, organisation_ids: true },
);

/** $1 user id: recorded at most once a minute */
export const NOTE_FETCHED = defineStatement(
  'calendar-feed.note-fetched',
  `UPDATE calendar_feed SET last_fetched_at = now() WHERE user_id = $1 AND (last_fetched_at IS NULL OR last_fetched_at < now() - interval '1 minute')`,
);

export const FEED_MILESTONES = defineQuery<{ id: string; code: string; deliverable: string; due: string; status: string; sp_code: string; sp_name: string }>(
  'calendar-feed.milestones',
  `SELECT m.id, m.code, m.deliverable, to_char(m.due_date, 'YYYY-MM-DD') AS due, m.status::text AS status, sp.code AS sp_code, sp.name AS sp_name
     FROM milestone m JOIN sub_project sp ON sp.id = m.sub_project_id
    WHERE m.status <> 'accepted' AND m.due_date BETWEEN $3::date AND $4::date AND ${IN_SCOPE}
    ORDER BY m.due_date, m.code LIMIT ${FEED_LIMIT}`,
  { id: true, code: true, deliverable: true, due: true, status: true, sp_code: true, sp_name: true },
);

export const FEED_GATE_REVIEWS = defineQuery<{ id: string; day: string; gate_name: string; status: string; sp_code: string; sp_name: string }>(
  'calendar-feed.gate-reviews',
  `SELECT r.id, to_char(r.scheduled_for, 'YYYY-MM-DD') AS day, t.name AS gate_name, r.status::text AS status, sp.code AS sp_code, sp.name AS sp_name
     FROM gate_review r JOIN gate_template t ON t.id = r.template_id JOIN sub_project sp ON sp.id = r.sub_project_id
    WHERE r.scheduled_for BETWEEN $3::date AND $4::date AND ${GATE_VISIBLE}
    ORDER BY r.scheduled_for, sp.code LIMIT ${FEED_LIMIT}`,
  { id: true, day: true, gate_name: true, status: true, sp_code: true, sp_name: true },
);

export const FEED_GATE_CONDITIONS = defineQuery<{ id: string; review_id: string; seq: number; text: string; due: string; owner: string; sp_code: string; sp_name: string }>(
  'calendar-feed.gate-conditions',
  `SELECT c.id, c.review_id, c.seq, c.text, to_char(c.due_date, 'YYYY-MM-DD') AS due, o.name AS owner, sp.code AS sp_code, sp.name AS sp_name
     FROM gate_condition c JOIN gate_review r ON r.id = c.review_id JOIN sub_project sp ON sp.id = r.sub_project_id
     JOIN organisation o ON o.id = c.owner_organisation_id
    WHERE c.status = 'open' AND c.due_date BETWEEN $3::date AND $4::date
      AND (${GATE_VISIBLE} OR c.owner_organisation_id = ANY($2::uuid[]))
    ORDER BY c.due_date, sp.code, c.seq LIMIT ${FEED_LIMIT}`,
  { id: true, review_id: true, seq: true, text: true, due: true, owner: true, sp_code: true, sp_name: true },
);

/** Meetings: everyone's for the secretariat and viewers; a ministry's are those with a resolution tracked for it. */
export const FEED_MEETINGS = defineQuery<{ id: string; code: string; name: string; held_on: string; held_until: string | null; body: string }>(
  'calendar-feed.meetings',
  `SELECT m.id, m.code, m.name, to_char(m.held_on, 'YYYY-MM-DD') AS held_on, to_char(m.held_until, 'YYYY-MM-DD') AS held_until, b.name AS body
     FROM meeting m JOIN organisation b ON b.id = m.body_id
    WHERE m.held_on BETWEEN $3::date AND $4::date
      AND ($1::boolean OR EXISTS (SELECT 1 FROM resolution r JOIN resolution_assignment a ON a.resolution_id = r.id
                                   WHERE r.meeting_id = m.id AND a.organisation_id = ANY($2::uuid[])))
    ORDER BY m.held_on, m.code LIMIT ${FEED_LIMIT}`,
  { id: true, code: true, name: true, held_on: true, held_until: true, body: true },
);

export const FEED_OF_USER = defineQuery<{ created_at: string; last_fetched_at: string | null }>(
  'calendar-feed.of-user',
  `SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at,
          to_char(last_fetched_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS last_fetched_at
     FROM calendar_feed WHERE user_id = $1`,
  { created_at: true, last_fetched_at: true },
);

/** $1 user id, $2 token hash: a new token replaces the old one (the old URL stops working at once) */
export const REPLACE_FEED = defineStatement(
  'calendar-feed.replace',
  `INSERT INTO calendar_feed (user_id, token_hash) VALUES ($1, $2)
   ON CONFLICT (user_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = now(), last_fetched_at = NULL`,
);

/** $1 user id */
export const REVOKE_FEED = defineQuery<{ user_id: string }>(
  'calendar-feed.revoke', `WITH removed AS (DELETE FROM calendar_feed WHERE user_id = $1 RETURNING user_id) SELECT user_id FROM removed`, { user_id: true },
);
