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
