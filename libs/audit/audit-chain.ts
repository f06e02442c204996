import { createHash } from 'node:crypto';
import type { DbHandle } from '../database/db-handle.js';
import { rowOf, rowsOf } from '../database/sql-query.js';
import { CHAIN_BATCH, CHAIN_HEAD, FIRST_BEYOND_HEAD, FIRST_UNSEALED } from './audit.queries.js';

/**
 * Checks the audit trail's hash chain (migrations/…-AddAuditHashChain.ts): rows 1…n in chain
 * order, each one's prev_hash the hash before it, each hash = sha256(prev_hash || content)
 * recomputed here, and audit_chain_head naming the last row. A row changed, removed or added
 * with the triggers switched off breaks it. Someone holding the owner's role could rewrite the
 * whole chain: keep the printed head hash somewhere else to notice that too.
 */

interface AuditChainBreak {
  /** The row where the chain breaks (null when the row is missing altogether). */
  id: string | null;
  chainSeq: string | null;
  problem: string;
}

export interface AuditChainReport {
  ok: boolean;
  /** Rows checked, in chain order. */
  checked: number;
  headSeq: string;
  headHash: string;
  broken: AuditChainBreak | null;
}

const GENESIS = '0'.repeat(64);
const BATCH = 2000;

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export async function verifyAuditChain(db: DbHandle): Promise<AuditChainReport> {
  // The head first: every row up to it was committed with it; rows sealed after this are the next check's.
  const head = await rowOf(db, CHAIN_HEAD);
  if (!head) return { ok: false, checked: 0, headSeq: '0', headHash: GENESIS, broken: { id: null, chainSeq: null, problem: 'the chain head (audit_chain_head) is missing' } };
  const report = (checked: number, broken: AuditChainBreak | null): AuditChainReport => ({
    ok: !broken, checked, headSeq: head.last_seq, headHash: head.last_hash, broken,
  });

  const unsealed = await rowOf(db, FIRST_UNSEALED);
  if (unsealed) return report(0, { id: unsealed.id, chainSeq: null, problem: 'not in the chain: written with the sealing trigger switched off' });

  const last = BigInt(head.last_seq);
  let seq = 0n;
  let prev = GENESIS;
  let checked = 0;
  for (;;) {
    const rows = await rowsOf(db, CHAIN_BATCH(BATCH), [seq.toString(), head.last_seq]);
    for (const row of rows) {
      const expected = seq + 1n;
      if (BigInt(row.chain_seq) !== expected) {
        return report(checked, { id: null, chainSeq: expected.toString(), problem: `row ${expected} of the chain is missing (deleted?)` });
      }
      if (row.prev_hash !== prev) return report(checked, { id: row.id, chainSeq: row.chain_seq, problem: 'prev_hash is not the hash of the row before it' });
      if (sha256(prev + row.content) !== row.hash) return report(checked, { id: row.id, chainSeq: row.chain_seq, problem: 'the row was changed after it was written (its hash does not match)' });
      seq = expected;
      prev = row.hash;
      checked++;
    }
    if (rows.length < BATCH) break;
  }
  if (seq !== last) return report(checked, { id: null, chainSeq: (seq + 1n).toString(), problem: `the chain ends at row ${seq} but its head says ${last}: rows were removed` });
  if (prev !== head.last_hash) return report(checked, { id: null, chainSeq: head.last_seq, problem: 'the last row does not match the chain head' });
  const beyond = await rowOf(db, FIRST_BEYOND_HEAD, [head.last_seq]);
  if (beyond) return report(checked, { id: beyond.id, chainSeq: beyond.chain_seq, problem: 'a row beyond the chain head: added with the head left behind' });
  return report(checked, null);
}

/** One line for people: OK with the head, or the first break. */
export function describeAuditChain(r: AuditChainReport): string {
  if (r.ok) return `OK: ${r.checked} audit event(s) chained; head ${r.headSeq} ${r.headHash}`;
  const where = r.broken!.id ? `audit event ${r.broken!.id}${r.broken!.chainSeq ? ` (chain row ${r.broken!.chainSeq})` : ''}` : `chain row ${r.broken!.chainSeq ?? '?'}`;
  return `BROKEN at ${where}: ${r.broken!.problem} (${r.checked} row(s) before it are intact)`;
}
