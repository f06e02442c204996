import { addDays } from '../common/clock.js';

/**
 * Digests are weekly: each covers the DIGEST_PERIOD_DAYS days before the day it goes out, so
 * consecutive weekly ticks (DIGEST_CRON, Monday 08:00 Taipei by default) cover every day once.
 * Change the cron and this constant together.
 */
const DIGEST_PERIOD_DAYS = 7;

/**
 * The daily digest (cadence 'daily'): only the notifications a user chose "daily digest" for, every
 * morning after the reminder sweep (REMINDER_CRON's default 08:00), covering the day before.
 */
export const DAILY_DIGEST_CRON = '30 8 * * *';

/** A ministry user's "due soon" section: milestones due within this many days from the digest day. */
export const DUE_SOON_DAYS = 14;

/** At most this many items are listed per section (the count says how many there are in all). */
export const DIGEST_SECTION_LIMIT = 50;

/** The sections of a digest, in the order the email shows them. */
export const DIGEST_SECTIONS = [
  // Coordinators
  'newRedLights',
  'newlyOverdue',
  'awaitingReview',
  'releaseRequests',
  // Ministry officers and supervisors (their organisation and its units)
  'dueSoon',
  'overdue',
  'returned',
] as const;
export type DigestSectionKey = (typeof DIGEST_SECTIONS)[number];

/**
 * Item ids per section: status_light ids (newRedLights), milestone ids (newlyOverdue, dueSoon,
 * overdue), submission ids (awaitingReview, returned), `<resolutionId>/<organisationId>` (releaseRequests).
 */
export interface DigestSection {
  ids: string[];
  /** All the items there were; `ids` lists the first DIGEST_SECTION_LIMIT. */
  total: number;
}

/**
 * What a digest says, fixed when the sweep records it (the ledger row's payload), so a retried send
 * repeats the same content. The email reads names and dates of these ids when it is written.
 */
export interface DigestPayload {
  /** Absent on digests recorded before daily digests existed: weekly. */
  cadence?: 'daily' | 'weekly';
  /** First day of the period (Taipei date). */
  periodStart: string;
  /** The day after the period: the digest's day. */
  periodEnd: string;
  sections: Partial<Record<DigestSectionKey, DigestSection>>;
  /** Notifications held for this digest (delivery = digest), now marked digested. */
  held: DigestSection;
}

/** [start, end) of the digest that goes out on `day`. */
export function digestPeriod(day: string, cadence: 'daily' | 'weekly' = 'weekly'): { start: string; end: string } {
  return { start: addDays(day, cadence === 'daily' ? -1 : -DIGEST_PERIOD_DAYS), end: day };
}

export function isEmptyDigest(payload: DigestPayload): boolean {
  return payload.held.total === 0 && Object.values(payload.sections).every((s) => !s || s.total === 0);
}
