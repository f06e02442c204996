import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../../libs/config/index.js';
import { type CheckResult, HealthService } from '../../../libs/health/health.service.js';
import { JobQueue, QueueName } from '../../../libs/queue/index.js';
import { JobRunner } from './job-runner.js';
import { type SchedulerHealth, Schedulers } from './schedulers.js';

export interface QueueHealth {
  workerRunning: boolean;
  /** Whether jobs can be added to it now (its producer started); false while Redis refuses it. */
  producerReady: boolean;
  counts: Record<string, number> | null;
  error?: string;
}

export interface WorkerHealthReport {
  status: 'ok' | 'degraded';
  checks: { postgres: CheckResult; redis: CheckResult; queues: Record<QueueName, QueueHealth>; schedulers: SchedulerHealth };
}

/**
 * The worker's only HTTP: GET /health (PostgreSQL, Redis, each queue's worker, producer and job
 * counts, and the job schedulers that should be in Redis); 503 when anything is not.
 */
@Injectable()
export class WorkerHealth implements OnApplicationBootstrap, OnApplicationShutdown {
  private server: Server | undefined;

  constructor(
    private readonly health: HealthService,
    private readonly jobs: JobQueue,
    private readonly runner: JobRunner,
    private readonly schedulers: Schedulers,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async report(): Promise<WorkerHealthReport> {
    const [base, queues, schedulers] = await Promise.all([this.health.check(), this.queues(), this.schedulers.health()]);
    const queuesOk = Object.values(queues).every((q) => q.workerRunning && q.producerReady && q.counts !== null);
    const ok = base.status === 'ok' && queuesOk && schedulers.status === 'up';
    return { status: ok ? 'ok' : 'degraded', checks: { ...base.checks, queues, schedulers } };
  }

  private async queues(): Promise<Record<QueueName, QueueHealth>> {
    const running = new Map(this.runner.runningQueues().map((r) => [r.queue, r.running]));
    const producers = new Map((await this.jobs.producers()).map((p) => [p.queue, p]));
    const entries = await Promise.all(
      Object.values(QueueName).map(async (name): Promise<[QueueName, QueueHealth]> => {
        const workerRunning = running.get(name) ?? false;
        const producer = producers.get(name);
        const producerReady = producer?.ready ?? false;
        if (!producerReady) return [name, { workerRunning, producerReady, counts: null, error: producer?.error }];
        try {
          const counts = await this.jobs.queue(name).getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
          return [name, { workerRunning, producerReady, counts }];
        } catch (e) {
          // Its connection is down after all (the round trip failed): no job can be added now.
          return [name, { workerRunning, producerReady: false, counts: null, error: (e as Error).message }];
        }
      }),
    );
    return Object.fromEntries(entries) as Record<QueueName, QueueHealth>;
  }

  /** The port it listens on (WORKER_HEALTH_PORT=0 picks a free one). */
  port(): number | undefined {
    return (this.server?.address() as AddressInfo | null)?.port;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.server = createServer((req, res) => {
      if (req.method !== 'GET' || req.url?.split('?')[0] !== '/health') {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'NOT_FOUND', message: 'only GET /health is served here' }));
        return;
      }
      this.report().then(
        (report) => res.writeHead(report.status === 'ok' ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(report)),
        (e: Error) => res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'degraded', error: e.message })),
      );
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject).listen(this.config.queue.WORKER_HEALTH_PORT, this.config.http.HOST, resolve);
    });
    new Logger('worker').debug(`health on http://${this.config.http.HOST}:${this.port()}/health`); // main.ts logs the summary
  }

  async onApplicationShutdown(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
