import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig, type WebConfig } from '../config/index.js';
import { CONTENT_SECURITY_POLICY_HEADER } from './security-headers.js';

/** Paths the server itself answers; everything else is the web app's (its router decides). */
const SERVER_PREFIXES = ['/api', '/health', '/admin'];

/** Vite's hashed output: a file's name changes with its content, so it may be cached for good. */
const ASSETS_PREFIX = '/assets/';
const ASSET_CACHE = { maxAge: 365 * 24 * 3600 * 1000, immutable: true };

/** For the HTML page, as on every response (helmet); set here too so the page never goes without them. */
const HTML_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY_HEADER,
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};

const NOT_BUILT_PAGE =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Guankao 管考</title></head>' +
  '<body><h1>The web app is not built</h1><p>The web app is not built: run <code>npm run build</code>, then reload this page.</p>' +
  '<p>The API is at <a href="/api/docs">/api/docs</a>.</p></body></html>\n';

/** The repository's root, found from this file whether it runs from the sources or from dist/. */
function repositoryRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!(existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'libs')))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('Cannot find the repository root (package.json beside libs/)');
    dir = up;
  }
  return dir;
}

/** WEB_DIST_DIR (relative to the repository, not the working directory), else <repository>/dist/web. */
export function webDistDir(config: WebConfig): string {
  return path.resolve(repositoryRoot(), config.WEB_DIST_DIR ?? path.join('dist', 'web'));
}

function isServerPath(urlPath: string): boolean {
  return SERVER_PREFIXES.some((prefix) => urlPath === prefix || urlPath.startsWith(`${prefix}/`));
}

async function isFile(file: string): Promise<boolean> {
  return stat(file).then((s) => s.isFile(), () => false);
}

/** The file a URL path names inside root (relative to it), or null: no escaping root, no dotfiles, no directories. */
async function fileFor(root: string, urlPath: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.split('/').some((segment) => segment.startsWith('.'))) return null;
  const absolute = path.resolve(root, `.${decoded}`);
  if (!absolute.startsWith(root + path.sep)) return null;
  return (await isFile(absolute)) ? path.relative(root, absolute) : null;
}

/**
 * Serves the built web app (dist/web) at / on the API's own origin: hashed assets cached for a
 * year, index.html revalidated every time, and index.html for every other GET/HEAD outside the
 * server's paths so the app's own router shows the page (its links and emails open directly).
 * Paths under /api, /health and /admin keep the API's JSON 404. Call before app.init().
 */
export async function mountWebApp(app: NestFastifyApplication): Promise<void> {
  const root = webDistDir(app.get<AppConfig>(APP_CONFIG).web);
  if (!existsSync(path.join(root, 'index.html'))) {
    new Logger('WebApp').warn(`The web app is not built (no ${path.join(root, 'index.html')}): run npm run build`);
  }

  const sendIndex = async (reply: FastifyReply): Promise<FastifyReply> => {
    // Checked per request: a build made while the API runs is served without a restart.
    if (!(await isFile(path.join(root, 'index.html')))) {
      return reply.status(503).headers(HTML_HEADERS).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
    }
    return reply.status(200).headers(HTML_HEADERS).header('cache-control', 'no-cache').sendFile('index.html', { cacheControl: false });
  };

  // Returns the reply: sendFile streams after the hook's promise settles.
  const serve = async (request: FastifyRequest, reply: FastifyReply, urlPath: string): Promise<FastifyReply> => {
    const file = await fileFor(root, urlPath);
    if (file === null) {
      // A missing hashed asset is an old page asking for a file a newer build replaced: a 404 (the
      // page can reload), not index.html, which the browser would refuse as a script or style.
      if (urlPath.startsWith(ASSETS_PREFIX)) {
        return reply.status(404).header('x-content-type-options', 'nosniff').type('text/plain; charset=utf-8').send('Not found\n');
      }
      return sendIndex(reply);
    }
    void reply.status(200).header('x-content-type-options', 'nosniff').header('referrer-policy', 'same-origin');
    if (file.endsWith('.html')) void reply.headers(HTML_HEADERS);
    if (urlPath.startsWith(ASSETS_PREFIX)) return reply.sendFile(file, ASSET_CACHE);
    return reply.header('cache-control', 'no-cache').sendFile(file, { cacheControl: false });
  };

  const fastify = app.getHttpAdapter().getInstance();
  // serve: false: only reply.sendFile (the swagger UI registers its own, undecorated copy).
  await fastify.register(fastifyStatic, { root, serve: false, suppressWarning: true, index: false });
  // Web pages are what no route matched: answered before the API's not-found handler (Nest's, set
  // at init), which still answers every path under /api, /health and /admin, and other methods.
  // A hook rather than a catch-all route, so the queue dashboard keeps its own checks and 404s.
  fastify.addHook('onRequest', async (request, reply) => {
    if (!request.is404 || (request.method !== 'GET' && request.method !== 'HEAD')) return;
    const urlPath = request.url.split('?')[0];
    if (isServerPath(urlPath)) return;
    return serve(request, reply, urlPath);
  });
}
