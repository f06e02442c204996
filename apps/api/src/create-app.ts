import 'reflect-metadata';
import fastifyCookie from '@fastify/cookie';
import type { LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { ErrorFilter } from '../../../libs/common/error.filter.js';
import { createValidationPipe } from '../../../libs/common/validation.js';
import { acceptRawUtf8Urls } from '../../../libs/common/raw-utf8-urls.js';
import { mountQueueDashboard } from '../../../libs/queue-dashboard/mount.js';
import { mountWebApp } from '../../../libs/web-app/mount.js';
import { loadConfig, type RuntimeConfig } from '../../../libs/config/config.js';
import { ApiModule } from './app.module.js';
import { fastifyOptions, registerHttpEdge } from './http-edge.js';
import { limitJsonBodies } from './json-body.js';
import { buildOpenApi } from './openapi.js';

export const API_PREFIX = 'api';

/** The API application, configured the same way for `main.ts` and the tests. */
export async function createApiApp(options: { logger?: RuntimeConfig['LOG_LEVEL'][] | LoggerService | false } = {}): Promise<NestFastifyApplication> {
  // Read here as well as by ConfigModule: the server's limits and timeouts are fixed when Fastify is made.
  const config = loadConfig();
  const adapter = new FastifyAdapter(fastifyOptions(config));
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule, adapter, {
    logger: options.logger ?? ['error', 'warn', 'log'],
    abortOnError: false, // throw to the caller instead of exiting the process
  });
  acceptRawUtf8Urls(app.getHttpServer()); // curl sends ?q=晶片 unencoded
  await app.register(fastifyCookie); // request.cookies and reply.setCookie (browser sessions, libs/auth/browser-session.ts)
  limitJsonBodies(app);
  await registerHttpEdge(app, config); // headers, request id, rate limits, load shedding: before any route
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health'] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ErrorFilter());
  app.enableShutdownHooks();
  SwaggerModule.setup(`${API_PREFIX}/docs`, app, () => buildOpenApi(app), { jsonDocumentUrl: `${API_PREFIX}/docs/json` });
  await mountQueueDashboard(app);
  await mountWebApp(app); // the built web app at /, index.html for every page path outside /api, /health, /admin
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
