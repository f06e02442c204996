import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import pg from 'pg';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { REDIS } from '../queue/index.js';

export interface CheckResult {
  status: 'up' | 'down';
  latencyMs: number;
  error?: string;
}

export interface HealthReport {
  status: 'ok' | 'degraded';
  checks: { postgres: CheckResult; redis: CheckResult };
}

const TIMEOUT_MS = 2000;

async function timed(check: () => Promise<unknown>): Promise<CheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      }),
    ]);
    return { status: 'up', latencyMs: Math.round(performance.now() - started) };
  } catch (e) {
    return { status: 'down', latencyMs: Math.round(performance.now() - started), error: (e as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * PostgreSQL and Redis reachability. PostgreSQL is asked over a connection of health's own, not
 * the request pool: a pool saturated by requests is not PostgreSQL being down, and a load balancer
 * must not pull a process whose database answers.
 */
@Injectable()
export class HealthService implements OnApplicationShutdown {
  private readonly postgres: pg.Pool;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
  ) {
    this.postgres = new pg.Pool({
      connectionString: config.database.DATABASE_URL,
      max: 1,
      idleTimeoutMillis: 60_000,
      connectionTimeoutMillis: TIMEOUT_MS,
      statement_timeout: TIMEOUT_MS,
      application_name: 'guankao-health',
    });
    this.postgres.on('error', () => undefined); // an idle connection dropped (PostgreSQL restarted): the next check reconnects
  }

  async check(): Promise<HealthReport> {
    const [postgres, redis] = await Promise.all([
      timed(() => this.postgres.query('SELECT 1')),
      timed(() => this.redis.ping()),
    ]);
    return { status: postgres.status === 'up' && redis.status === 'up' ? 'ok' : 'degraded', checks: { postgres, redis } };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.postgres.end().catch(() => undefined);
  }
}
