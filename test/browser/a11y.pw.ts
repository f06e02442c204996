// Every screen, as the role that uses it, at 320 px and at 200 % zoom: no sideways scrolling of the page,
// no axe violation (WCAG 2.2 AA), screenshots. And the submission form completed with the keyboard alone.
import type { APIRequestContext, Page } from '@playwright/test';
import path from 'node:path';
import { type DemoUser, expect, SCREENSHOTS, settled, test } from './fixtures';
import { minimalPdf, prepareDraft, quarterEnd } from './test-data';

interface Screens {
  subProject: string;
  milestone: string;
  draft: string;
  awaiting: string;
  submitted: string;
  dueDateChange: string;
}

async function send(client: APIRequestContext, id: string, step: string, extra: object = {}): Promise<void> {
  const current = await (await client.get(`/api/submissions/${id}`)).json();
  const response = await client.post(`/api/submissions/${id}/${step}`, { data: { version: current.version, ...extra } });
  expect(response.status(), `${step}: ${await response.text()}`).toBe(200);
}

/** A draft, one awaiting the supervisor, one waiting for the secretariat with two revisions, and a due-date request. */
async function prepareScreens(coordinator: APIRequestContext, officer: APIRequestContext, supervisor: APIRequestContext): Promise<Screens> {
  const draft = await prepareDraft(coordinator, officer);
  const awaiting = await prepareDraft(coordinator, officer);
  await send(officer, awaiting.submission, 'submit');
  const submitted = await prepareDraft(coordinator, officer);
  const current = await (await officer.get(`/api/submissions/${submitted.submission}`)).json();
  const edited = await officer.patch(`/api/submissions/${submitted.submission}`, { data: { version: current.version, progressPercent: '55', narrative: '完成晶片架構設計與模擬驗證' } });
  expect(edited.status(), await edited.text()).toBe(200);
  await send(officer, submitted.submission, 'submit');
  await send(supervisor, submitted.submission, 'approve');
  const change = await officer.post(`/api/milestones/${draft.milestone}/due-date-changes`, {
    data: { proposedDueDate: `${Number(quarterEnd().slice(0, 4)) + 1}-03-31`, reason: '晶片下線時程延後一季' },
  });
  expect(change.status(), await change.text()).toBe(201);
  return {
    subProject: draft.code,
    milestone: draft.milestone,
    draft: draft.submission,
    awaiting: awaiting.submission,
    submitted: submitted.submission,
    dueDateChange: ((await change.json()) as { id: string }).id,
  };
}

const SIZES = [
  { name: '320', viewport: { width: 320, height: 640 } },
  // A 1280 × 800 window at 200 % zoom lays out the page in 640 × 400 CSS pixels (each drawn twice as large).
  { name: 'zoom200', viewport: { width: 640, height: 400 } },
] as const;

/** What makes the page scroll sideways, and controls cut off at the edge (clipped by an overflow: hidden box). */
async function horizontalOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    const describe = (el: Element, rect: DOMRect) => {
      const name = (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 30);
      return `${el.tagName.toLowerCase()} "${name}" (${Math.round(rect.left)}–${Math.round(rect.right)} px)`;
    };
    /** Inside a box that scrolls sideways (a wide table's scroll container): reachable by scrolling it. */
    const inScroller = (el: Element) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (/(auto|scroll)/.test(getComputedStyle(p).overflowX) && p.scrollWidth > p.clientWidth) return true;
      }
      return false;
    };
    const problems: string[] = [];
    if (root.scrollWidth > width) problems.push(`the page is ${root.scrollWidth} px wide in a ${width} px viewport`);
    const controls = document.body.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, [role=button], [tabindex]:not([tabindex="-1"])');
    for (const el of Array.from(controls)) {
      const rect = el.getBoundingClientRect();
      // Skipped: hidden, visually hidden (1 px) and off-screen until focused (the skip link).
      if (rect.width <= 1 || rect.height <= 1 || rect.right < 0 || getComputedStyle(el).visibility === 'hidden') continue;
      if ((rect.right > width + 1 || rect.left < -1) && !inScroller(el)) problems.push(`cut off at the edge: ${describe(el, rect)}`);
    }
    return problems.slice(0, 10);
  });
}

test('every screen at 320 px and 200 % zoom: no sideways scrolling, no axe violation', async ({ browser, baseURL, api, as, checkA11y, watch }, testInfo) => {
  test.setTimeout(300_000);
  const screens = await prepareScreens(await api('coordinator'), await api('moea-officer'), await api('moea-supervisor'));
  const visits: { user: DemoUser | null; path: string; name: string }[] = [
    { user: null, path: '/sign-in', name: 'sign-in' },
    { user: 'moea-officer', path: '/', name: 'my-work-officer' },
    { user: 'moea-supervisor', path: '/', name: 'my-work-supervisor' },
    { user: 'coordinator', path: '/', name: 'my-work-coordinator' },
    { user: 'coordinator', path: '/sub-projects', name: 'sub-project-list' },
    { user: 'coordinator', path: '/sub-projects/new', name: 'sub-project-new' },
    { user: 'coordinator', path: `/sub-projects/${screens.subProject}`, name: 'sub-project-detail-coordinator' },
    { user: 'moea-officer', path: `/sub-projects/${screens.subProject}`, name: 'sub-project-detail-officer' },
    { user: 'moea-officer', path: `/milestones/${screens.milestone}`, name: 'milestone' },
    { user: 'moea-officer', path: `/submissions/${screens.draft}`, name: 'submission-draft' },
    { user: 'moea-supervisor', path: `/submissions/${screens.awaiting}`, name: 'submission-supervisor' },
    { user: 'coordinator', path: `/submissions/${screens.submitted}`, name: 'submission-review' },
    { user: 'coordinator', path: `/submissions/${screens.submitted}/diff?from=1&to=2`, name: 'submission-diff' },
    { user: 'coordinator', path: `/due-date-changes/${screens.dueDateChange}`, name: 'due-date-change' },
    { user: 'moea-officer', path: '/no-such-page', name: 'not-found' },
  ];
  const pages = new Map<DemoUser, Page>();
  const problems: string[] = [];
  for (const visit of visits) {
    let page: Page;
    if (visit.user) {
      page = pages.get(visit.user) ?? (await as(visit.user));
      pages.set(visit.user, page);
    } else {
      const context = await browser.newContext({ baseURL, locale: 'zh-TW', timezoneId: 'Asia/Taipei' });
      page = await context.newPage();
      watch(page);
    }
    for (const size of SIZES) {
      await test.step(`${visit.name} at ${size.name}`, async () => {
        await page.setViewportSize(size.viewport);
        await page.goto(visit.path);
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
        await expect(page.locator('main .mantine-Loader-root')).toHaveCount(0);
        await settled(page);
        const overflow = await horizontalOverflow(page);
        if (overflow.length) problems.push(`${visit.name} at ${size.name}: ${overflow.join('; ')}`);
        try {
          await checkA11y(page, `${visit.name}-${size.name}`);
        } catch (e) {
          problems.push((e as Error).message);
        }
        const file = path.join(SCREENSHOTS, `a11y-${visit.name}-${size.name}.png`);
        await page.screenshot({ path: file, fullPage: true });
        await testInfo.attach(`${visit.name}-${size.name}`, { path: file, contentType: 'image/png' });
      });
    }
    if (!visit.user) await page.context().close();
  }
  expect(problems, problems.join('\n\n')).toEqual([]);
});

/** Presses Tab until the target has the focus (at most 80 times), as a keyboard user would. */
async function tabTo(page: Page, target: ReturnType<Page['getByLabel']>): Promise<void> {
  for (let i = 0; i < 80; i++) {
    if (await target.evaluate((el) => el === document.activeElement || el.contains(document.activeElement))) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target}`);
}

test('the submission form can be completed with the keyboard alone', async ({ api, as }) => {
  test.setTimeout(120_000);
  const draft = await prepareDraft(await api('coordinator'), await api('moea-officer'));
  const page = await as('moea-officer');
  await page.goto(`/submissions/${draft.submission}`);
  await expect(page.getByLabel('辦理情形')).toHaveValue('初稿');
  await page.locator('body').focus();

  await tabTo(page, page.getByLabel('進度（%）'));
  await page.keyboard.press('Control+A');
  await page.keyboard.type('55.5');
  await tabTo(page, page.getByLabel('經費執行數（億元）'));
  await page.keyboard.type('1.25');
  await tabTo(page, page.getByLabel('經費年度（西元）'));
  await page.keyboard.type('2026');
  await tabTo(page, page.getByLabel('辦理情形'));
  await page.keyboard.press('Control+A');
  await page.keyboard.type('完成晶片架構設計，全程以鍵盤填寫');

  // The drop zone opens the file chooser with Enter, like a button.
  await tabTo(page, page.getByRole('button', { name: /上傳佐證資料/ }));
  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('Enter');
  await (await chooser).setFiles({ name: '鍵盤上傳.pdf', mimeType: 'application/pdf', buffer: minimalPdf('keyboard') });
  await expect(page.getByRole('link', { name: '下載「鍵盤上傳.pdf」' })).toBeVisible();

  await tabTo(page, page.getByRole('button', { name: '送主管核定' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('main').getByText('待主管核定', { exact: true }).first()).toBeVisible();
  await page.reload();
  const content = page.getByRole('region', { name: /填報內容/ });
  await expect(content).toContainText('55.5');
  await expect(content).toContainText('完成晶片架構設計，全程以鍵盤填寫');
  await expect(page.getByRole('link', { name: '下載「鍵盤上傳.pdf」' })).toBeVisible();
});
