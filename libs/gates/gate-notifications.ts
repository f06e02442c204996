import type { DataSource } from 'typeorm';
import { usersActingFor } from '../notifications/recipients.js';

/**
 * The officers and supervisors who act for an organisation (its own staff and those above it): a
 * condition's reminders go to them. Gate events (scheduled, decided, condition assigned, closed,
 * waived) are routed with every other event in libs/notifications/event-routes.ts.
 */
export async function conditionOwnerStaff(db: Pick<DataSource, 'query'>, organisationId: string): Promise<string[]> {
  const rows: { id: string }[] = await db.query(
    `SELECT u.id FROM app_user u WHERE u.id IN ${usersActingFor('$1::uuid', `ARRAY['ministry_officer', 'ministry_supervisor']`)} ORDER BY u.id`,
    [organisationId],
  );
  return rows.map((r) => r.id);
}
