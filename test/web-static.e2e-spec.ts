import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { webDistDir } from '../libs/web-app/mount.js';
import { bootApi, type TestApi } from './support/api.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

/** The built web app served by the API at /: hashed assets cached for good, index.html for every page path, the API's paths untouched. */
const INDEX = '<!doctype html><html lang="zh-Hant-TW"><head><script type="module" src="/assets/x-abc123.js"></script></head><body><div id="root"></div></body></html>\n';
const ASSET = 'console.log("guankao");\n';

let db: TestDatabase;
let distDir: string;
let api: TestApi;

/** Boots the API with WEB_DIST_DIR set to dir (restored afterwards). */
async function bootWith(dir: string): Promise<TestApi> {
  const saved = process.env.WEB_DIST_DIR;
  process.env.WEB_DIST_DIR = dir;
  try {
    return await bootApi(db.url);
  } finally {
    if (saved === undefined) delete process.env.WEB_DIST_DIR;
    else process.env.WEB_DIST_DIR = saved;
  }
}

beforeAll(async () => {
  distDir = await mkdtemp(path.join(tmpdir(), 'guankao-web-'));
  await mkdir(path.join(distDir, 'assets'));
  await writeFile(path.join(distDir, 'index.html'), INDEX);
  await writeFile(path.join(distDir, 'assets', 'x-abc123.js'), ASSET);
  await writeFile(path.join(distDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  db = await createTestDatabase();
  api = await bootWith(distDir);
});

afterAll(async () => {
  await api?.app.close();
  await db?.drop();
  if (distDir) await rm(distDir, { recursive: true, force: true });
});

const expectIndexHtml = (res: { status: number; headers: Headers; body: unknown }) => {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  expect(res.headers.get('cache-control')).toBe('no-cache');
  expect(res.body).toBe(INDEX);
};

describe('the web app at /', () => {
  it('answers / and every page path (with a query too) with index.html, revalidated every time, with the security headers', async () => {
    for (const page of ['/', '/sub-projects/aap2-sp-1', '/sub-projects?programme=aap2&q=%E6%99%B6%E7%89%87', '/submissions/5b7c/diff?from=1&to=2', '/sign-in?next=%2F', '/index.html']) {
      const res = await api.get(page);
      expectIndexHtml(res);
    }
    const res = await api.get('/milestones/aap2-sp-1-m-1');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("img-src 'self' data:");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
  });

  it('answers HEAD like GET, without a body', async () => {
    const res = await api.request('HEAD', '/sub-projects/aap2-sp-1');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.body).toBe('');
  });

  it('serves hashed assets with a year-long immutable cache, and other files revalidated', async () => {
    const asset = await api.get('/assets/x-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.body).toBe(ASSET);
    const icon = await api.get('/favicon.svg');
    expect([icon.status, icon.headers.get('content-type'), icon.headers.get('cache-control')]).toEqual([200, 'image/svg+xml', 'no-cache']);
  });

  it('a missing asset is a plain 404, not the page (a browser would refuse HTML as a script)', async () => {
    const res = await api.get('/assets/x-old999.js');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  });

  it('never serves a file from outside the build', async () => {
    for (const sneaky of ['/..%2f..%2fetc%2fpasswd', '/assets/..%2f..%2fpackage.json', '/%2e%2e/package.json']) {
      const res = await api.get(sneaky);
      // The page (or, under /assets/, a plain 404): never the file it reaches for.
      expect([sneaky, res.body]).toEqual([sneaky, sneaky.startsWith('/assets/') ? 'Not found\n' : INDEX]);
    }
  });

  it('leaves the API alone: unknown /api and /admin paths keep their JSON 404, /health answers as before', async () => {
    for (const missing of ['/api/nope', '/api', '/api/sub-projects/aap2-sp-1/nothing-here', '/health/nope', '/admin/nope']) {
      const res = await api.get(missing);
      expect([missing, res.status, res.body.error?.code]).toEqual([missing, 404, 'NOT_FOUND']);
      expect(res.headers.get('content-type')).toMatch(/json/);
    }
    const health = await api.get('/health');
    expect(health.headers.get('content-type')).toMatch(/json/);
    expect(typeof health.body).toBe('object');
    // The queue dashboard keeps its own admin check on its unknown paths.
    expect((await api.get('/admin/queues/no-such-page')).status).toBe(401);
    // Only GET and HEAD are pages: other methods get the API's answer.
    const post = await api.request('POST', '/sub-projects/aap2-sp-1', {});
    expect([post.status, post.body.error?.code]).toEqual([404, 'NOT_FOUND']);
  });
});

describe('without a build', () => {
  let unbuilt: TestApi;

  beforeAll(async () => {
    unbuilt = await bootWith(path.join(distDir, 'does-not-exist'));
  });

  afterAll(async () => {
    await unbuilt?.app.close();
  });

  it('boots and says plainly how to build the web app', async () => {
    for (const page of ['/', '/sub-projects/aap2-sp-1']) {
      const res = await unbuilt.get(page);
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.body).toContain('The web app is not built: run <code>npm run build</code>');
    }
    expect((await unbuilt.get('/api/nope')).status).toBe(404);
    expect((await unbuilt.get('/health')).headers.get('content-type')).toMatch(/json/);
  });
});

describe('WEB_DIST_DIR', () => {
  const repository = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

  it('defaults to dist/web in the repository, and reads a relative path from the repository root, not the working directory', () => {
    expect(webDistDir({})).toBe(path.join(repository, 'dist', 'web'));
    expect(webDistDir({ WEB_DIST_DIR: 'build/site' })).toBe(path.join(repository, 'build', 'site'));
    expect(webDistDir({ WEB_DIST_DIR: '/srv/guankao/web' })).toBe('/srv/guankao/web');
  });
});
