export * from './redis.js';
export * from './redis.module.js';
export * from './jobs.js';
export * from './job-queue.js';
export * from './job-handler.js';
export * from './tick.js';
