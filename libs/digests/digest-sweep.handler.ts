import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job } from 'bullmq';
import type { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { NotificationLedger, notificationKey } from '../notifications/ledger.js';
import { NotificationKind, NotificationStatus } from '../notifications/notification.entity.js';
import { HandlesJob, type JobHandler, JobName, type JobPayload, sweepDay } from '../queue/index.js';
import { UserRole } from '../users/user.entity.js';
import { execute, rowOf, rowsOf } from '../database/sql-query.js';
import { coordinatorSections, heldNotifications, ministrySections } from './digest-content.js';
import { CANDIDATES, DAILY_CANDIDATES, LOCK_DIGEST_KEY, MARK_DIGESTED, NOTIFICATION_BY_KEY } from './digests.queries.js';
import { DIGEST_SECTION_LIMIT, type DigestPayload, digestPeriod, isEmptyDigest } from './digest-payload.js';

export interface DigestSweepResult {
  day: string;
  /** Digests recorded by this sweep. */
  recorded: number;
  /** Recipients whose digest for this day was already in the ledger (an earlier or concurrent sweep). */
  alreadyRecorded: number;
  /** Recipients with nothing to say: no digest. */
  empty: number;
}

interface Candidate {
  id: string;
  roles: UserRole[];
  organisation_id: string | null;
}

type Sections = DigestPayload['sections'];

/**
 * The weekly digest: one ledger row per recipient and period (key digest:<user>:<day>), with the
 * item ids it reports fixed in its payload, and none when there is nothing to say. Each recipient
 * is recorded in a transaction of its own, under a lock on its key, so concurrent or repeated
 * sweeps meet the row already there and neither record nor mark anything twice.
 */
@Injectable()
@HandlesJob(JobName.DigestSweep)
export class DigestSweepHandler implements JobHandler<JobName.DigestSweep> {
  private readonly logger = new Logger('digests');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ledger: NotificationLedger,
    private readonly clock: Clock,
  ) {}

  async handle(data: JobPayload<JobName.DigestSweep>, job?: Job<JobPayload<JobName.DigestSweep>>): Promise<DigestSweepResult> {
    return this.sweep(sweepDay(JobName.DigestSweep, data, job, this.clock), data.cadence ?? 'weekly');
  }

  /**
   * weekly: every section and the notifications held for the weekly digest; daily: only the
   * notifications held for the daily digest (the user chose it per kind), none when there are none.
   */
  async sweep(day: string, cadence: 'daily' | 'weekly' = 'weekly'): Promise<DigestSweepResult> {
    const daily = cadence === 'daily';
    const { start, end } = digestPeriod(day, cadence);
    const candidates: Candidate[] = await rowsOf(this.dataSource, daily ? DAILY_CANDIDATES : CANDIDATES);
    // Sections shared by many recipients are read once per sweep.
    let coordinator: Sections | undefined;
    const byOrganisation = new Map<string, Sections>();
    const contentOf = async (manager: EntityManager, user: Candidate): Promise<Sections> => {
      let sections: Sections = {};
      if (daily) return sections;
      if (user.roles.includes(UserRole.Coordinator)) {
        coordinator ??= await coordinatorSections(manager, start, end);
        sections = { ...sections, ...coordinator };
      }
      const ministry = user.roles.includes(UserRole.MinistryOfficer) || user.roles.includes(UserRole.MinistrySupervisor);
      if (ministry && user.organisation_id) {
        let own = byOrganisation.get(user.organisation_id);
        if (!own) {
          own = await ministrySections(manager, user.organisation_id, start, day);
          byOrganisation.set(user.organisation_id, own);
        }
        sections = { ...sections, ...own };
      }
      return sections;
    };

    const result: DigestSweepResult = { day, recorded: 0, alreadyRecorded: 0, empty: 0 };
    for (const user of candidates) {
      const key = daily ? notificationKey.dailyDigest(user.id, day) : notificationKey.digest(user.id, day);
      const outcome = await this.dataSource.transaction(async (manager) => {
        // Serialises concurrent sweeps on this recipient's digest: the second one finds the row.
        await rowsOf(manager, LOCK_DIGEST_KEY, [key]);
        const existing = await rowOf(manager, NOTIFICATION_BY_KEY, [key]);
        if (existing) return { kind: 'existing' as const, pending: existing.status === NotificationStatus.Pending ? [existing.id] : [] };

        const held = await heldNotifications(manager, user.id, cadence);
        const payload: DigestPayload = {
          cadence,
          periodStart: start,
          periodEnd: end,
          sections: await contentOf(manager, user),
          held: { ids: held.slice(0, DIGEST_SECTION_LIMIT), total: held.length },
        };
        if (isEmptyDigest(payload)) return { kind: 'empty' as const, pending: [] };

        const pending = await this.ledger.insert(manager, [
          { key, kind: NotificationKind.Digest, critical: false, recipientUserId: user.id, day, payload: payload as unknown as Record<string, unknown> },
        ]);
        const digest = await rowOf(manager, NOTIFICATION_BY_KEY, [key]);
        // Held items go out inside this digest; a muted or inactive recipient's digest is not sent, so theirs stay held.
        if (digest?.status === NotificationStatus.Pending && held.length > 0) {
          await execute(manager, MARK_DIGESTED, [digest.id, held]);
        }
        return { kind: 'recorded' as const, pending };
      });
      if (outcome.kind === 'existing') result.alreadyRecorded++;
      else if (outcome.kind === 'empty') result.empty++;
      else result.recorded++;
      // After commit: a crash before this leaves the row pending, and the next sweep queues it again.
      await this.ledger.enqueueSends(outcome.pending);
    }
    this.logger.log(`${cadence} digest ${day}: ${result.recorded} recorded, ${result.alreadyRecorded} already recorded, ${result.empty} with nothing to say`);
    return result;
  }
}
