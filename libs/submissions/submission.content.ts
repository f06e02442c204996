import type { IndicatorActual } from './submission.entity.js';

/** What a revision snapshots (submission_revision.content): the reported figures and the evidence ids. */
export interface SubmissionContent {
  progressPercent: string | null;
  narrative: string;
  indicatorActuals: IndicatorActual[];
  budgetExecuted: string | null;
  budgetYear: number | null;
  evidence: string[];
}

const CONTENT_FIELDS = ['progressPercent', 'narrative', 'indicatorActuals', 'budgetExecuted', 'budgetYear', 'evidence'] as const;

export const EMPTY_CONTENT: SubmissionContent = {
  progressPercent: null, narrative: '', indicatorActuals: [], budgetExecuted: null, budgetYear: null, evidence: [],
};

/**
 * One spelling per number, so that "45", "45.0" and "045.00" are the same value in revisions and
 * diffs: no leading zeros, no trailing fractional zeros. Works on the string, never a float.
 */
export function canonicalDecimal(value: string): string {
  const negative = value.startsWith('-');
  const [whole, fraction = ''] = value.replace(/^[-+]/, '').split('.');
  const w = whole.replace(/^0+(?=\d)/, '') || '0';
  const f = fraction.replace(/0+$/, '');
  const text = f ? `${w}.${f}` : w;
  return negative && /[1-9]/.test(text) ? `-${text}` : text;
}

/** A stored content, tolerant of snapshots written before a field existed. */
export function readContent(raw: Record<string, unknown> | null | undefined): SubmissionContent {
  return { ...EMPTY_CONTENT, ...(raw ?? {}) } as SubmissionContent;
}

export interface EvidenceRef {
  id: string;
  filename: string;
  sha256: string;
}

export interface ContentChange {
  field: string;
  from: unknown;
  to: unknown;
  /** evidence only: files in `to` but not in `from`, and the reverse (same filename and checksum = same file) */
  added?: { filename: string; sha256: string }[];
  removed?: { filename: string; sha256: string }[];
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Every content field that differs between two revisions; evidence is compared by filename and checksum. */
export function diffContent(from: SubmissionContent, to: SubmissionContent, evidence: ReadonlyMap<string, EvidenceRef>): ContentChange[] {
  const changes: ContentChange[] = [];
  for (const field of CONTENT_FIELDS) {
    if (field === 'evidence') continue;
    if (!same(from[field], to[field])) changes.push({ field, from: from[field], to: to[field] });
  }
  const files = (ids: string[]) =>
    ids.map((id) => evidence.get(id)).filter((f): f is EvidenceRef => !!f).map(({ filename, sha256 }) => ({ filename, sha256 }));
  const key = (f: { filename: string; sha256: string }) => `${f.filename}\u0000${f.sha256}`;
  const before = files(from.evidence);
  const after = files(to.evidence);
  const beforeKeys = new Set(before.map(key));
  const afterKeys = new Set(after.map(key));
  const added = after.filter((f) => !beforeKeys.has(key(f)));
  const removed = before.filter((f) => !afterKeys.has(key(f)));
  if (added.length || removed.length) changes.push({ field: 'evidence', from: before, to: after, added, removed });
  return changes;
}
