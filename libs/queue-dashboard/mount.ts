import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { AppError } from '../common/errors.js';
import { JobQueue, QueueName, REDIS } from '../queue/index.js';
import { DASHBOARD_PATH, QueueDashboardAccess, sendError } from './dashboard-access.js';

const REDIS_DOWN = new AppError('SERVICE_UNAVAILABLE', 'The queues cannot be read: Redis is unreachable. Try again once it is back', { retryAfterSeconds: 10 });

/** Errors of a Redis connection that is down or not ready (ioredis with a fail-fast connection). */
function isRedisUnavailable(error: Error): boolean {
  return /Stream isn't writeable|Connection is closed|ECONNREFUSED|ETIMEDOUT|MaxRetriesPerRequest|enableOfflineQueue/i.test(`${error.name} ${error.message}`);
}

/**
 * Mounts bull-board at /admin/queues over every queue, behind the admin check. Call before
 * app.init(). Nothing here touches Redis: the queues share the API's fail-fast connection, so the
 * API boots and answers while Redis is down (the dashboard's data calls then fail fast).
 */
export async function mountQueueDashboard(app: NestFastifyApplication): Promise<void> {
  const jobs = app.get(JobQueue);
  const access = app.get(QueueDashboardAccess);
  const board = new BullBoardFastifyAdapter();
  board.setBasePath(DASHBOARD_PATH);
  const redis = app.get<Redis>(REDIS);
  createBullBoard({
    queues: Object.values(QueueName).map((name) => new BullMQAdapter(jobs.queue(name))),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'Guankao 管考 queues' } },
  });
  // bull-board's own handler would send the raw error (an ioredis message) with a 500.
  board.setErrorHandler(((error: Error) => {
    const problem = isRedisUnavailable(error) ? REDIS_DOWN : new AppError('INTERNAL', 'Internal server error');
    return { status: problem.status, body: { error: { code: problem.code, status: problem.status, message: problem.message, details: problem.details } } };
  }) as unknown as Parameters<typeof board.setErrorHandler>[0]);
  await app.register(async (scope: FastifyInstance) => {
    // Encapsulated: the hook guards the dashboard's routes (page, assets and its API) and nothing else.
    scope.addHook('onRequest', access.onRequest);
    // The dashboard's data calls need Redis: while it is unreachable they answer 503, not a raw 500.
    scope.addHook('onRequest', async (request, reply) => {
      if (reply.sent || !request.url.startsWith(`${DASHBOARD_PATH}/api/`) || redis.status === 'ready') return;
      await sendError(request, reply, REDIS_DOWN);
    });
    await scope.register(board.registerPlugin());
    // Unknown dashboard paths: checked like the rest (401/403 before 404), then the usual error body.
    scope.setNotFoundHandler((request, reply) => sendError(request, reply, new AppError('NOT_FOUND', `Nothing at ${request.method} ${request.url.split('?')[0]}`)));
  }, { prefix: DASHBOARD_PATH });
}
