// Checks that PostgreSQL and Redis answer at MIGRATION_DATABASE_URL (else DATABASE_URL) / REDIS_URL (or the local defaults):
// the owner's connection, since the application's role may not exist before the first `npm run migrate`.
// Exit 0 when both answer; otherwise prints which one is missing and exits 1.
import pg from 'pg';
import { Redis } from 'ioredis';

const databaseUrl = new URL(process.env.MIGRATION_DATABASE_URL || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/guankao');
databaseUrl.pathname = '/postgres';
const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const quiet = process.argv.includes('--quiet');

async function checkPostgres() {
  const client = new pg.Client({ connectionString: databaseUrl.toString(), connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (e) {
    return e.message || String(e);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function checkRedis() {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 2000, retryStrategy: () => null });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
    return null;
  } catch (e) {
    return e.message || String(e);
  } finally {
    redis.disconnect();
  }
}

const [postgres, redis] = await Promise.all([checkPostgres(), checkRedis()]);
if (!quiet) {
  if (postgres) console.error(`PostgreSQL is not reachable at ${databaseUrl.host}: ${postgres}`);
  if (redis) console.error(`Redis is not reachable at ${redisUrl}: ${redis}`);
}
process.exit(postgres || redis ? 1 : 0);
