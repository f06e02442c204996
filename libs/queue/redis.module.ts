import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { JobQueue } from './job-queue.js';
import { createProducerConnection, REDIS } from './redis.js';

/** The process's shared fail-fast Redis connection (health checks, enqueueing) and the job producer. */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): Redis => {
        const redis = createProducerConnection(config.redis.REDIS_URL);
        redis.on('error', () => undefined); // reported by /health; ioredis reconnects by itself
        return redis;
      },
    },
    JobQueue,
  ],
  exports: [REDIS, JobQueue],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
