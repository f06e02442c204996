import { z } from 'zod';

/**
 * Configuration is read from the environment once, validated per concern, and refused as a whole
 * with a message naming every bad variable. Nothing else in the code reads process.env.
 */

const runtimeSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
});

const databaseSchema = z.object({
  DATABASE_URL: z
    .string()
    .url()
    .refine((v) => /^postgres(ql)?:\/\//.test(v), 'must start with postgres:// or postgresql://')
    .default('postgres://postgres@127.0.0.1:5432/guankao'),
  DATABASE_POOL_SIZE: z.coerce.number({ error: 'must be a whole number from 1 to 200' }).int().min(1).max(200).default(10),
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
});

const seedSchema = z.object({
  /** Password of the demo users. Demo users are never created when NODE_ENV=production. */
  DEMO_PASSWORD: z.string().min(8, 'must be at least 8 characters').default('guankao-demo'),
});

export type RuntimeConfig = z.infer<typeof runtimeSchema>;
export type DatabaseConfig = z.infer<typeof databaseSchema>;
export type RedisConfig = z.infer<typeof redisSchema>;
export type HttpConfig = z.infer<typeof httpSchema> & { publicUrl: string };
export type SeedConfig = z.infer<typeof seedSchema>;

export interface AppConfig {
  runtime: RuntimeConfig;
  database: DatabaseConfig;
  redis: RedisConfig;
  http: HttpConfig;
  seed: SeedConfig;
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
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    runtime,
    database,
    redis,
    http: { ...http, publicUrl: http.PUBLIC_URL ?? `http://${http.HOST}:${http.PORT}` },
    seed,
  };
}
