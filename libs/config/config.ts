import { z } from 'zod';
import { cronProblem } from '../common/cron.js';

/**
 * Configuration is read from the environment once, validated per concern, and refused as a whole
 * with a message naming every bad variable. Nothing else in the code reads process.env.
 */

const runtimeSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
});

const postgresUrl = z
  .string()
  .url()
  .refine((v) => /^postgres(ql)?:\/\//.test(v), 'must start with postgres:// or postgresql://');

/** Unset: the local pair `npm run migrate` sets up (README "Database roles"). */
const DEFAULT_DATABASE_URL = 'postgres://guankao_app@127.0.0.1:5432/guankao';
const DEFAULT_MIGRATION_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/guankao';

const databaseSchema = z.object({
  /** The API's, the worker's and the seed's connection: a role that owns nothing (migrate creates it). */
  DATABASE_URL: postgresUrl.optional(),
  /** `npm run migrate`'s connection: the owner of the schema. Unset: DATABASE_URL when that is set (one role for both), else the local postgres. */
  MIGRATION_DATABASE_URL: postgresUrl.optional(),
  DATABASE_POOL_SIZE: z.coerce.number({ error: 'must be a whole number from 1 to 200' }).int().min(1).max(200).default(10),
  /** How long a request waits for a pooled connection before it fails (503) instead of queueing without bound. */
  DATABASE_POOL_ACQUIRE_TIMEOUT_MS: z.coerce.number({ error: 'must be a whole number of milliseconds from 100 to 600000' }).int().min(100).max(600_000).default(3000),
  /** PostgreSQL's statement_timeout for the application's connections; 0 turns it off (migrations run without it). */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number({ error: 'must be a whole number of milliseconds from 0 to 3600000' }).int().min(0).max(3_600_000).default(30_000),
});

const redisSchema = z.object({
  REDIS_URL: z
    .string()
    .url()
    .refine((v) => /^rediss?:\/\//.test(v), 'must start with redis:// or rediss://')
    .default('redis://127.0.0.1:6379'),
});

const httpSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number({ error: 'must be a port number (1-65535)' }).int().min(1).max(65535).default(3000),
  PUBLIC_URL: z.string().url().optional(),
  /**
   * Which proxies' X-Forwarded-For to believe for the client's address (rate limits, sign-in limits):
   * `false` (none), `true` (any: only behind a proxy that sets it), a hop count, or addresses/CIDRs.
   */
  TRUST_PROXY: z
    .string()
    .regex(/^(true|false|\d{1,2}|[0-9a-fA-F.:/]+(\s*,\s*[0-9a-fA-F.:/]+)*)$/, 'must be true, false, a number of hops, or comma-separated addresses/CIDRs')
    .default('false')
    .transform((v): boolean | number | string[] => (v === 'true' ? true : v === 'false' ? false : /^\d+$/.test(v) ? Number(v) : v.split(',').map((a) => a.trim()))),
  /** The whole request (headers and body) must arrive within this; a trickled body is cut off with 408. */
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number({ error: 'must be a number of milliseconds (100-600000)' }).int().min(100).max(600_000).default(60_000),
  /** A connection silent this long (no bytes either way) is closed. */
  HTTP_CONNECTION_TIMEOUT_MS: z.coerce.number({ error: 'must be a number of milliseconds (100-600000)' }).int().min(100).max(600_000).default(120_000),
  /** Largest JSON body (sign-in routes allow 4 KiB; evidence files have EVIDENCE_MAX_BYTES). */
  HTTP_JSON_BODY_LIMIT_BYTES: z.coerce.number({ error: 'must be a number of bytes (1024-10485760)' }).int().min(1024).max(10 * 1024 * 1024).default(256 * 1024),
  /** Requests per RATE_LIMIT_WINDOW_SECONDS to /api and /admin, per client address and per signed-in user (shared through Redis). */
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number({ error: 'must be a number of seconds (1-3600)' }).int().min(1).max(3600).default(60),
  RATE_LIMIT_PER_ADDRESS: z.coerce.number({ error: 'must be a whole number (1-1000000)' }).int().min(1).max(1_000_000).default(1200),
  RATE_LIMIT_PER_USER: z.coerce.number({ error: 'must be a whole number (1-1000000)' }).int().min(1).max(1_000_000).default(600),
  /** Expensive requests (report generation and downloads, evidence uploads, light recomputes) per user per window. */
  RATE_LIMIT_EXPENSIVE_PER_USER: z.coerce.number({ error: 'must be a whole number (1-1000000)' }).int().min(1).max(1_000_000).default(20),
  /** Shed load (503 + Retry-After) when the event loop lags more than this (0: never). */
  LOAD_SHED_MAX_EVENT_LOOP_DELAY_MS: z.coerce.number({ error: 'must be a number of milliseconds (0-60000)' }).int().min(0).max(60_000).default(1000),
  /** Shed load when more than this many queries wait for a pooled connection (0: never). */
  LOAD_SHED_MAX_POOL_WAITING: z.coerce.number({ error: 'must be a whole number (0-100000)' }).int().min(0).max(100_000).default(100),
  LOAD_SHED_RETRY_AFTER_SECONDS: z.coerce.number({ error: 'must be a number of seconds (1-3600)' }).int().min(1).max(3600).default(5),
});

const seconds = (error: string) => z.coerce.number({ error }).int().min(1);
const count = (min: number, max: number) =>
  z.coerce.number({ error: `must be a whole number from ${min} to ${max}` }).int().min(min).max(max);

/** A five-field cron expression (minute hour day month weekday), read in Asia/Taipei time. */
const cron = z.string().superRefine((v, ctx) => {
  const problem = cronProblem(v);
  if (problem) ctx.addIssue({ code: 'custom', message: `must be a five-field cron expression, e.g. "0 8 * * 1" (${problem})` });
});

const queueSchema = z.object({
  /** Prefix of every BullMQ key in Redis; lets several installations (or test runs) share one Redis. */
  QUEUE_PREFIX: z.string().regex(/^[a-z0-9_-]{1,40}$/, 'must be 1-40 of a-z, 0-9, _ and -').default('guankao'),
  WORKER_CONCURRENCY_EVENTS: count(1, 100).default(4),
  WORKER_CONCURRENCY_SWEEPS: count(1, 20).default(1),
  WORKER_CONCURRENCY_EMAIL: count(1, 200).default(8),
  WORKER_CONCURRENCY_REPORTS: count(1, 20).default(1),
  /** The worker's own health endpoint (no other HTTP). */
  WORKER_HEALTH_PORT: z.coerce.number({ error: 'must be a port number (0-65535)' }).int().min(0).max(65535).default(3001),
  /** On SIGTERM, in-flight jobs get this long to finish; after it they are returned to the queue. */
  WORKER_SHUTDOWN_TIMEOUT_MS: count(100, 600_000).default(20_000),
  /**
   * How long a worker's job lock lasts without renewal, and how often stalled jobs (whose worker
   * died) are looked for and returned to the queue: such a job is back within max(lock, interval)
   * + interval of its worker's death (60 s by default; stalledJobBoundMs). Lower values bring it back sooner,
   * at the cost of more Redis traffic; a lock shorter than the longest event-loop stall risks a
   * live job being taken for stalled.
   */
  WORKER_LOCK_DURATION_MS: count(1000, 600_000).default(30_000),
  WORKER_STALLED_INTERVAL_MS: count(1000, 600_000).default(30_000),
  /** How often the worker checks that its cron schedulers are still in Redis (a Redis restarted empty has none). */
  SCHEDULER_CHECK_INTERVAL_MS: count(1000, 3_600_000).default(60_000),
  /** How often the notification reconciler runs, and how old a pending ledger row must be before it re-queues it. */
  NOTIFICATION_RECONCILE_INTERVAL_MS: count(1000, 3_600_000).default(60_000),
  NOTIFICATION_RECONCILE_AFTER_SECONDS: count(1, 86_400).default(300),
  /** A ledger row still pending this long after it was recorded, with no live send job, is marked failed (the admin's failed list). */
  NOTIFICATION_GIVE_UP_HOURS: count(1, 24 * 30).default(24),
  OUTBOX_RELAY_INTERVAL_MS: count(50, 60_000).default(1000),
  OUTBOX_RELAY_BATCH_SIZE: count(1, 5000).default(500),
});

const mailSchema = z.object({
  SMTP_URL: z
    .string()
    .url()
    .refine((v) => /^smtps?:\/\//.test(v), 'must start with smtp:// or smtps://')
    .default('smtp://127.0.0.1:1025'),
  SMTP_POOL_SIZE: count(1, 50).default(5),
  MAIL_FROM: z.string().min(3).default('Guankao 管考 <no-reply@guankao.local>'),
});

const scheduleSchema = z.object({
  /** When the reminder and escalation sweep runs (Asia/Taipei). */
  REMINDER_CRON: cron.default('0 8 * * *'),
  /** When digests go out (Asia/Taipei); weekly on Monday morning by default. */
  DIGEST_CRON: cron.default('0 8 * * 1'),
});

const authSchema = z.object({
  ACCESS_TOKEN_TTL_SECONDS: seconds('must be a number of seconds').default(15 * 60),
  REFRESH_TOKEN_TTL_SECONDS: seconds('must be a number of seconds').default(14 * 24 * 3600),
  /** Failed sign-ins allowed per email from one client address within LOGIN_WINDOW_SECONDS. */
  LOGIN_MAX_FAILURES: z.coerce.number({ error: 'must be a whole number' }).int().min(1).default(5),
  /** Failed sign-ins allowed per email from all addresses together (not counting addresses it signed in from in the last 30 days). */
  LOGIN_ACCOUNT_MAX_FAILURES: z.coerce.number({ error: 'must be a whole number' }).int().min(1).default(50),
  /** Sign-in attempts allowed per client address within LOGIN_WINDOW_SECONDS (attempts refused by a limit are not counted). */
  LOGIN_MAX_PER_IP: z.coerce.number({ error: 'must be a whole number' }).int().min(1).default(30),
  LOGIN_WINDOW_SECONDS: seconds('must be a number of seconds').default(15 * 60),
  /** A browser (cookie) session ends after this long without a request; each request extends it, up to REFRESH_TOKEN_TTL_SECONDS after sign-in. */
  BROWSER_SESSION_IDLE_SECONDS: count(60, 30 * 24 * 3600).default(3600),
});

const storageSchema = z.object({
  /** Where evidence files are stored (outside the database), by checksum. */
  STORAGE_DIR: z.string().min(1).default('var/storage'),
  EVIDENCE_MAX_BYTES: z.coerce.number({ error: 'must be a number of bytes' }).int().min(1).default(10 * 1024 * 1024),
});

/** Noto Sans CJK TC from Debian's fonts-noto-cjk (a collection: REPORT_FONT_NAME picks the face). */
const DEFAULT_REPORT_FONT_PATH = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';

const reportsSchema = z.object({
  /**
   * The font PDF reports are set in; it must cover Traditional Chinese. Embedded as a subset.
   * Checked when a report is rendered (libs/reports/pdf/font.ts), so the API and the CLI run without it.
   */
  REPORT_FONT_PATH: z.string().min(1).default(DEFAULT_REPORT_FONT_PATH),
  /** The PostScript name of the face to use when REPORT_FONT_PATH is a collection (.ttc); ignored otherwise. */
  REPORT_FONT_NAME: z.string().min(1).default('NotoSansCJKtc-Regular'),
  /** Generated reports (ready or failed) older than this many days are deleted, with their files once nothing else uses them. */
  REPORT_RETENTION_DAYS: count(1, 3650).default(90),
  /** When the retention job runs (Asia/Taipei). */
  REPORT_PRUNE_CRON: cron.default('30 3 * * *'),
  /** Reports one user may have queued or running at once; one more is refused with 429 TOO_MANY_PENDING_REPORTS. */
  REPORT_MAX_PENDING_PER_USER: count(1, 100).default(3),
});

const webSchema = z.object({
  /** The built web app (index.html and assets/), served at /; relative paths are read from the repository root. Default: <repository>/dist/web. */
  WEB_DIST_DIR: z.string().min(1).optional(),
});

const seedSchema = z.object({
  /** Password of the demo users. Demo users are never created when NODE_ENV=production. */
  DEMO_PASSWORD: z.string().min(8, 'must be at least 8 characters').default('guankao-demo'),
  /** `npm run seed` creates the demo users (known password) only when asked: this, or `--demo`. */
  SEED_DEMO_USERS: z.enum(['true', 'false'], { error: 'must be true or false' }).default('false').transform((v) => v === 'true'),
});

export type RuntimeConfig = z.infer<typeof runtimeSchema>;
export type DatabaseConfig = z.infer<typeof databaseSchema> & { DATABASE_URL: string; MIGRATION_DATABASE_URL: string };
type RedisConfig = z.infer<typeof redisSchema>;
type HttpConfig = z.infer<typeof httpSchema> & { publicUrl: string };
type SeedConfig = z.infer<typeof seedSchema>;
type AuthConfig = z.infer<typeof authSchema>;
type StorageConfig = z.infer<typeof storageSchema>;
type QueueConfig = z.infer<typeof queueSchema>;
type MailConfig = z.infer<typeof mailSchema>;
type ScheduleConfig = z.infer<typeof scheduleSchema>;
export type ReportsConfig = z.infer<typeof reportsSchema>;
export type WebConfig = z.infer<typeof webSchema>;

export interface AppConfig {
  runtime: RuntimeConfig;
  database: DatabaseConfig;
  redis: RedisConfig;
  http: HttpConfig;
  seed: SeedConfig;
  auth: AuthConfig;
  storage: StorageConfig;
  queue: QueueConfig;
  mail: MailConfig;
  schedule: ScheduleConfig;
  reports: ReportsConfig;
  web: WebConfig;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function parse<T extends z.ZodObject>(schema: T, env: Env, problems: string[]): z.infer<T> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const named = new Set<string>();
  for (const issue of result.error.issues) {
    const name = String(issue.path[0] ?? '?');
    if (named.has(name)) continue; // one problem per variable is enough to act on
    named.add(name);
    const value = env[name];
    problems.push(`${name}: ${issue.message}${value === undefined ? '' : ` (got "${value}")`}`);
  }
  return undefined as never;
}

/** Blank variables count as unset, so `FOO= npm start` falls back to the default. */
function withoutBlanks(env: Env): Env {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
}

export function loadConfig(rawEnv: Env = process.env): AppConfig {
  const env = withoutBlanks(rawEnv);
  const problems: string[] = [];
  const runtime = parse(runtimeSchema, env, problems);
  const database = parse(databaseSchema, env, problems);
  const redis = parse(redisSchema, env, problems);
  const http = parse(httpSchema, env, problems);
  const seed = parse(seedSchema, env, problems);
  const auth = parse(authSchema, env, problems);
  const storage = parse(storageSchema, env, problems);
  const queue = parse(queueSchema, env, problems);
  const mail = parse(mailSchema, env, problems);
  const schedule = parse(scheduleSchema, env, problems);
  const reports = parse(reportsSchema, env, problems);
  const web = parse(webSchema, env, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    runtime,
    database: {
      ...database,
      DATABASE_URL: database.DATABASE_URL ?? DEFAULT_DATABASE_URL,
      MIGRATION_DATABASE_URL: database.MIGRATION_DATABASE_URL ?? database.DATABASE_URL ?? DEFAULT_MIGRATION_DATABASE_URL,
    },
    redis,
    http: { ...http, publicUrl: http.PUBLIC_URL ?? `http://${http.HOST}:${http.PORT}` },
    seed,
    auth,
    storage,
    queue,
    mail,
    schedule,
    reports,
    web,
  };
}

const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;

/** Nest's logger levels for LOG_LEVEL: that level and every more severe one. */
export function logLevels(level: RuntimeConfig['LOG_LEVEL']): RuntimeConfig['LOG_LEVEL'][] {
  return LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1);
}
