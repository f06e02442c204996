import { Redis, type RedisOptions } from 'ioredis';

/** Injection token of the process's shared fail-fast connection. */
export const REDIS = Symbol('REDIS');

/**
 * Redis connections follow BullMQ's production advice: producers (the API) fail fast so a
 * Redis outage never stalls a request; workers retry forever (maxRetriesPerRequest: null).
 */
export function createProducerConnection(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 2000,
    lazyConnect: false,
    ...options,
  });
}

export function createWorkerConnection(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, ...options });
}

/**
 * Resolves once a fail-fast connection is connected. Its commands are refused until then (no offline
 * queue), and the worker's queues skip BullMQ's start-up check that used to wait for this; rejects after
 * `timeoutMs` so a Redis that never answers still stops the start.
 */
export async function connectionReady(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      reject(new Error(`Redis is not reachable (connection ${redis.status} after ${timeoutMs} ms)`));
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve();
    };
    redis.once('ready', onReady);
  });
}
