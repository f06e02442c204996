// Fixtures for the browser tests: signed-in pages per demo user, an authenticated API client for test data,
// axe (WCAG 2.2 AA), screenshots at 1280 and 320 px, and no console error or page error on any page.
import { AxeBuilder } from '@axe-core/playwright';
import { type APIRequestContext, type BrowserContext, expect, type Page, request, test as base } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export { expect };

/** The demo users of the seed (README "Demo users"); every one has the password DEMO_PASSWORD. */
export const DEMO_USERS = {
  coordinator: 'coordinator@demo.guankao.tw',
  'moea-officer': 'moea.officer@demo.guankao.tw',
  'moea-supervisor': 'moea.supervisor@demo.guankao.tw',
  'moda-officer': 'moda.officer@demo.guankao.tw',
  'moda-supervisor': 'moda.supervisor@demo.guankao.tw',
  reviewer: 'reviewer@demo.guankao.tw',
  viewer: 'viewer@demo.guankao.tw',
  admin: 'admin@demo.guankao.tw',
} as const;
export type DemoUser = keyof typeof DEMO_USERS;
export const DEMO_PASSWORD = process.env.DEMO_PASSWORD ?? 'guankao-demo';

export const SCREENSHOTS = path.resolve(import.meta.dirname, '../../var/test-artifacts/screenshots');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** A request the test expects to fail (e.g. a wrong password's 401): Chromium reports it as a console error. */
export interface ExpectedFailure {
  path: string | RegExp;
  status: number;
}

interface Fixtures {
  /** A page in its own browser context, signed in through the real sign-in page as a demo user. */
  as: (user: DemoUser) => Promise<Page>;
  /** An API client signed in as a demo user (Bearer from POST /api/auth/login), for preparing test data. */
  api: (user: DemoUser) => Promise<APIRequestContext>;
  /** Runs axe with the WCAG 2.2 AA tags on the page as it is now; fails on any violation. */
  checkA11y: (page: Page, name: string) => Promise<void>;
  /** Full-page screenshots at 1280 px and 320 px width: var/test-artifacts/screenshots/<name>-{desktop,320}.png. */
  shoot: (page: Page, name: string) => Promise<void>;
  /** Declares failed requests this test provokes on purpose, so their "Failed to load resource" lines are not errors. */
  expectFailedRequests: (page: Page, ...failures: ExpectedFailure[]) => void;
  /** Watches a page for console errors and page errors (every page of `as` and `page` is watched already). */
  watch: (page: Page) => void;
}

// Chromium logs every 4xx/5xx answer as "Failed to load resource"; before sign-in, /api/auth/me answers 401.
const ALWAYS_EXPECTED: ExpectedFailure[] = [{ path: '/api/auth/me', status: 401 }];

function isExpectedFailure(text: string, url: string, expected: ExpectedFailure[]): boolean {
  const match = /^Failed to load resource: the server responded with a status of (\d+)/.exec(text);
  if (!match || !url) return false;
  const status = Number(match[1]);
  const pathname = new URL(url).pathname;
  return expected.some(
    (e) => e.status === status && (typeof e.path === 'string' ? pathname === e.path : e.path.test(pathname)),
  );
}

/** Waits until the page has laid out after a change (two animation frames), instead of a fixed sleep. */
export async function settled(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
}

/**
 * Waits until no finite animation or transition runs (a notification fading in, the navigation sliding shut after
 * a resize): axe reads blended colours mid-way, and a screenshot catches the frame in between.
 */
async function transitionsDone(page: Page): Promise<void> {
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity));
}

/** Console errors and page errors of every watched page in one test; the test fails if there were any. */
class BrowserErrors {
  readonly problems: string[] = [];
  private readonly expected = new WeakMap<Page, ExpectedFailure[]>();
  private readonly watched = new WeakSet<Page>();

  watch = (page: Page): void => {
    if (this.watched.has(page)) return;
    this.watched.add(page);
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const url = message.location().url;
      if (isExpectedFailure(message.text(), url, [...ALWAYS_EXPECTED, ...(this.expected.get(page) ?? [])])) return;
      this.problems.push(`console error on ${page.url()}: ${message.text()}${url ? ` (${url})` : ''}`);
    });
    page.on('pageerror', (error) => this.problems.push(`page error on ${page.url()}: ${error.stack ?? error.message}`));
  };

  expect = (page: Page, ...failures: ExpectedFailure[]): void => {
    this.expected.set(page, [...(this.expected.get(page) ?? []), ...failures]);
  };
}

export const test = base.extend<Fixtures & { browserErrors: BrowserErrors }>({
  browserErrors: async ({}, use, testInfo) => {
    const errors = new BrowserErrors();
    await use(errors);
    if (errors.problems.length) {
      await testInfo.attach('console-errors.txt', { body: errors.problems.join('\n\n'), contentType: 'text/plain' });
      throw new Error(`The browser reported ${errors.problems.length} error(s):\n${errors.problems.join('\n')}`);
    }
  },

  watch: async ({ browserErrors }, use) => use(browserErrors.watch),

  expectFailedRequests: async ({ browserErrors }, use) => use(browserErrors.expect),

  context: async ({ context, watch }, use) => {
    context.on('page', watch);
    await use(context);
  },

  page: async ({ page, watch }, use) => {
    watch(page);
    await use(page);
  },

  as: async ({ browser, baseURL, locale, timezoneId, watch }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async (user) => {
      const context = await browser.newContext({ baseURL, locale, timezoneId, viewport: { width: 1280, height: 800 } });
      contexts.push(context);
      context.on('page', watch);
      const page = await context.newPage();
      watch(page);
      await page.goto('/sign-in');
      await page.getByLabel('電子郵件').fill(DEMO_USERS[user]);
      await page.getByLabel('密碼').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: '登入' }).click();
      await expect(page).not.toHaveURL(/\/sign-in/);
      return page;
    });
    for (const context of contexts) await context.close();
  },

  api: async ({ baseURL }, use) => {
    const clients: APIRequestContext[] = [];
    await use(async (user) => {
      const anonymous = await request.newContext({ baseURL });
      const response = await anonymous.post('/api/auth/login', { data: { email: DEMO_USERS[user], password: DEMO_PASSWORD } });
      expect(response.status(), `sign in ${user} through the API: ${await response.text()}`).toBe(200);
      const { accessToken } = (await response.json()) as { accessToken: string };
      await anonymous.dispose();
      const client = await request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${accessToken}` } });
      clients.push(client);
      return client;
    });
    for (const client of clients) await client.dispose();
  },

  checkA11y: async ({}, use, testInfo) => {
    await use(async (page, name) => {
      await transitionsDone(page);
      const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
      if (!results.violations.length) return;
      await testInfo.attach(`axe-${name}.json`, { body: JSON.stringify(results.violations, null, 2), contentType: 'application/json' });
      const lines = results.violations.map((v) => {
        const nodes = v.nodes
          .slice(0, 5)
          .map((n) => `    - ${n.target.join(' ')}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`)
          .join('\n');
        const more = v.nodes.length > 5 ? `\n    … and ${v.nodes.length - 5} more` : '';
        return `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}${more}`;
      });
      throw new Error(`axe found ${results.violations.length} violation(s) on "${name}" (${page.url()}):\n${lines.join('\n')}`);
    });
  },

  shoot: async ({}, use, testInfo) => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await use(async (page, name) => {
      const original = page.viewportSize() ?? { width: 1280, height: 800 };
      for (const [suffix, width] of [['desktop', 1280], ['320', 320]] as const) {
        await page.setViewportSize({ width, height: original.height });
        await settled(page);
        await transitionsDone(page);
        const file = path.join(SCREENSHOTS, `${name}-${suffix}.png`);
        await page.screenshot({ path: file, fullPage: true });
        await testInfo.attach(`${name}-${suffix}`, { path: file, contentType: 'image/png' });
      }
      await page.setViewportSize(original);
      await settled(page);
    });
  },
});
