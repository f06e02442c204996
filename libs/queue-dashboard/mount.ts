import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../common/errors.js';
import { JobQueue, QueueName } from '../queue/index.js';
import { DASHBOARD_PATH, QueueDashboardAccess, sendError } from './dashboard-access.js';

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
  createBullBoard({
    queues: Object.values(QueueName).map((name) => new BullMQAdapter(jobs.queue(name))),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'Guankao 管考 queues' } },
  });
  await app.register(async (scope: FastifyInstance) => {
    // Encapsulated: the hook guards the dashboard's routes (page, assets and its API) and nothing else.
    scope.addHook('onRequest', access.onRequest);
    await scope.register(board.registerPlugin());
    // Unknown dashboard paths: checked like the rest (401/403 before 404), then the usual error body.
    scope.setNotFoundHandler((request, reply) => sendError(request, reply, new AppError('NOT_FOUND', `Nothing at ${request.method} ${request.url.split('?')[0]}`)));
  }, { prefix: DASHBOARD_PATH });
}
