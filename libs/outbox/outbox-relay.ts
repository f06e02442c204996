import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { jobId, JobName, JobQueue } from '../queue/index.js';
import { execute, rowsOf } from '../database/sql-query.js';
import { CLAIM_UNPUBLISHED, MARK_PUBLISHED, RECORD_RELAY_FAILURE } from './outbox.queries.js';

const MAX_BACKOFF_MS = 30_000;

/**
 * Moves committed outbox rows to the events queue, in batches, and marks them published in the
 * same transaction. Rows are claimed with FOR UPDATE SKIP LOCKED, so several workers relay side by
 * side without taking the same row. If Redis refuses the batch, the transaction rolls back and the
 * rows wait for the next try; if the commit fails after Redis took them, the job ids (one per row)
 * make the second add a no-op.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('outbox');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private failures = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  /** Relays one batch; returns how many rows it published. */
  async relayBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await rowsOf(manager, CLAIM_UNPUBLISHED, [this.config.queue.OUTBOX_RELAY_BATCH_SIZE]);
      if (rows.length === 0) return 0;
      await this.jobs.addBulk(
        rows.map((r) => ({
          name: JobName.OutboxEvent,
          data: { outboxEventId: r.id, topic: r.topic, aggregateType: r.aggregate_type, aggregateId: r.aggregate_id },
          opts: { jobId: jobId.outboxEvent(r.id) },
        })),
      );
      await execute(manager, MARK_PUBLISHED, [rows.map((r) => r.id)]);
      return rows.length;
    });
  }

  /** Relays until nothing is left (or the relay is stopped). */
  async drain(): Promise<number> {
    let total = 0;
    for (let n = await this.relayBatch(); n > 0 && !this.stopped; n = await this.relayBatch()) total += n;
    return total;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => (this.running = undefined));
    }, delayMs);
  }

  private async tick(): Promise<void> {
    try {
      await this.drain();
      if (this.failures > 0) this.logger.log(`relaying again after ${this.failures} failed attempt(s)`);
      this.failures = 0;
      this.schedule(this.config.queue.OUTBOX_RELAY_INTERVAL_MS);
    } catch (e) {
      this.failures++;
      if (this.failures === 1) this.logger.warn(`cannot relay outbox rows, will keep trying: ${(e as Error).message}`);
      await this.recordFailure((e as Error).message);
      this.schedule(Math.min(MAX_BACKOFF_MS, this.config.queue.OUTBOX_RELAY_INTERVAL_MS * 2 ** Math.min(this.failures, 10)));
    }
  }

  /** Best effort: the oldest waiting rows show why they are waiting. */
  private async recordFailure(message: string): Promise<void> {
    await execute(this.dataSource, RECORD_RELAY_FAILURE, [this.config.queue.OUTBOX_RELAY_BATCH_SIZE, message.slice(0, 1000)]).catch(() => undefined);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
