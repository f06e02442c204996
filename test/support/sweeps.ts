import { Job, type Queue } from 'bullmq';
import { eventually } from './eventually.js';
import type { Given } from './given.js';
import type { ReceivedMail, SmtpTestServer } from './smtp.js';

/** Kept for the tests that import it from here; new code imports ./eventually.js. */
export { eventually };

/**
 * Helpers for the reminder tests: wait for a sweep job run through the real queue, read the
 * ledger, and check delivery at the SMTP server.
 */

/** Waits until a job has completed and returns its return value; throws with its reason if it failed for good. */
export async function finished<T = unknown>(queue: Queue, jobId: string, timeoutMs = 60_000): Promise<T> {
  return eventually(`job ${jobId} to finish`, async () => {
    const state = await queue.getJobState(jobId);
    if (state !== 'completed' && state !== 'failed') return undefined;
    // Read after the state: the return value or reason is written with it.
    const job = await Job.fromId(queue, jobId);
    if (!job) throw new Error(`job ${jobId} is gone`);
    if (state === 'completed') return { value: job.returnvalue as T };
    throw new Error(`job ${jobId} failed: ${job.failedReason}`);
  }, timeoutMs).then((r) => r.value);
}

export interface LedgerRow {
  id: string;
  key: string;
  kind: string;
  status: string;
  critical: boolean;
  email: string;
  locale: string;
  milestone: string;
  milestone_id: string;
  subject_type: string | null;
  day: string;
  payload: Record<string, unknown>;
  message_id: string | null;
}

/** Milestone notifications in the ledger, with the recipient's email and locale and the milestone's code. */
export function ledger(given: Given, where = 'true', params: unknown[] = []): Promise<LedgerRow[]> {
  return given.sql<LedgerRow>(
    `SELECT n.id, n.key, n.kind, n.status, n.critical, u.email, u.locale, m.code AS milestone, n.milestone_id, n.subject_type,
            to_char(n.day, 'YYYY-MM-DD') AS day, n.payload, n.message_id
       FROM notification n JOIN app_user u ON u.id = n.recipient_user_id JOIN milestone m ON m.id = n.milestone_id
      WHERE ${where} ORDER BY m.code, n.kind, u.email`,
    params,
  );
}

/** Ids of the jobs in the Email queue, in every state. */
export async function emailJobIds(queue: Queue): Promise<string[]> {
  const jobs = await queue.getJobs(['waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed', 'waiting-children']);
  return jobs.map((j) => j.id!).sort();
}

// ------------------------------------------------------------------------------------------------
// SMTP-LEVEL ASSERTIONS

/**
 * The pending/sent rows the SMTP server must have received exactly one email each for, none
 * missing. `redeliveries`: how many second copies of an already delivered message (same
 * Message-ID) are tolerated — only a process killed between the server's 250 and its COMMIT can
 * cause one (see libs/notifications/notification-send.handler.ts); every other case passes 0.
 */
export async function expectOneEmailPerLedgerKey(
  given: Given, smtp: SmtpTestServer, where = 'true', params: unknown[] = [], options: { redeliveries?: number } = {},
): Promise<LedgerRow[]> {
  const rows = (await ledger(given, where, params)).filter((r) => r.status === 'pending' || r.status === 'sent');
  await smtp.waitFor(rows.length, 150_000);
  // Every row marked sent and no send under way at the server: a duplicate would have arrived by now.
  const sent = await eventually('every ledger row to be marked sent and no send under way', async () => {
    const now = (await ledger(given, where, params)).filter((r) => r.status === 'pending' || r.status === 'sent');
    return now.every((r) => r.status === 'sent') && smtp.sendsUnderWay === 0 ? now : undefined;
  });
  const norm = (id: string | null) => (id ?? '').replace(/^<|>$/g, '');
  const problems: string[] = [];
  const byMessageId = new Map<string, ReceivedMail[]>();
  for (const mail of smtp.received) byMessageId.set(norm(mail.messageId), [...(byMessageId.get(norm(mail.messageId)) ?? []), mail]);
  let copies = 0;
  for (const row of sent) {
    const mails = byMessageId.get(norm(row.message_id)) ?? [];
    if (mails.length === 0) problems.push(`${row.key}: no email with its Message-ID ${row.message_id}`);
    else if (!mails.every((m) => m.to.includes(row.email))) problems.push(`${row.key}: sent to ${mails[0].to.join(', ')}, not ${row.email}`);
    copies += Math.max(0, mails.length - 1);
  }
  const allowed = options.redeliveries ?? 0;
  if (copies > allowed) problems.push(`${copies} second copies of delivered messages (at most ${allowed} allowed here)`);
  if (smtp.received.length !== sent.length + copies) problems.push(`${smtp.received.length} emails received for ${sent.length} ledger keys`);
  if (problems.length) throw new Error(`not exactly one email per ledger key:\n${problems.slice(0, 20).join('\n')}`);
  return sent;
}
