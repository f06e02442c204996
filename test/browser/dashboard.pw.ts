// 燈號總覽: leadership (viewer) opens the dashboard, drills into the red lights, opens a sub-project and downloads the
// programme status PDF that the real worker generates; a ministry's officer sees only its own organisation's figures
// and the page says so.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { APIRequestContext, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { prepareSubProject, taipeiQuarter } from './test-data';

/** A sub-project of 經濟部 whose light this quarter the secretariat set to red, with a justification. */
async function redSubProject(coordinator: APIRequestContext, officer: APIRequestContext) {
  const sp = await prepareSubProject(coordinator, officer);
  const justification = `主要設備延遲交貨，進度落後（瀏覽器測試 ${sp.code}）`;
  const r = await coordinator.post(`/api/sub-projects/${sp.code}/lights/${taipeiQuarter()}/override`, { data: { colour: 'red', justification } });
  expect(r.status(), await r.text()).toBe(200);
  return { ...sp, justification };
}

/** Loads more of the drill-down list until the sub-project shows (the list pages by code). */
async function findInDrillDown(page: Page, name: string) {
  const list = page.getByRole('list', { name: /^紅燈細部計畫/ });
  const link = list.getByRole('link', { name, exact: true });
  await expect(list.getByRole('listitem').first()).toBeVisible();
  for (let i = 0; i < 20 && !(await link.isVisible()); i++) {
    const more = page.getByRole('main').getByRole('button', { name: '載入更多' }).first();
    if (!(await more.isVisible())) break;
    await more.click();
    await page.waitForLoadState('networkidle');
  }
  await expect(link).toBeVisible();
  return list.getByRole('listitem').filter({ has: page.getByRole('link', { name, exact: true }) });
}

test('leadership opens the dashboard, drills into red, opens a sub-project and downloads the programme status PDF', async ({ as, api, checkA11y, shoot }) => {
  test.setTimeout(180_000);
  const sp = await redSubProject(await api('coordinator'), await api('moea-officer'));
  const viewer = await as('viewer');
  await viewer.getByRole('navigation', { name: '主選單' }).getByRole('link', { name: '燈號總覽' }).click();
  await expect(viewer).toHaveURL(/\/dashboard/);
  // The hovered active menu entry is below AA contrast (the layout's theme, reported); the page is checked without the hover.
  await viewer.mouse.move(1200, 10);
  const main = viewer.getByRole('main');
  await expect(main.getByRole('heading', { level: 1 })).toHaveText('燈號總覽');
  // The current programme and quarter, the quarter in ROC words.
  await expect(main.getByRole('combobox', { name: '行動計畫', exact: true })).toHaveValue('臺灣 AI 行動計畫 2.0');
  const quarter = taipeiQuarter();
  const roc = `${Number(quarter.slice(0, 4)) - 1911} 年第 ${quarter.slice(6)} 季`;
  await expect(main.getByRole('combobox', { name: '期別', exact: true })).toHaveValue(new RegExp(`^${roc}`));
  await expect(main.getByText('您看到的是全部機關的細部計畫數字。')).toBeVisible();

  // The tiles say each light in words and count; the chart is an image with a name, its figures in a table.
  const portfolio = await (await (await api('viewer')).get(`/api/dashboards/portfolio?programme=aap2&period=${quarter}`)).json();
  expect(portfolio.counts.red).toBeGreaterThan(0);
  const redTile = main.getByRole('link', { name: new RegExp(`^紅燈 ${portfolio.counts.red} 項`) });
  await expect(redTile).toBeVisible();
  // The chart's name carries every figure in words (ECharts' ARIA description, written by us).
  await expect(main.getByRole('img', { name: /^各主軸燈號分布圖（堆疊長條圖）。.+：紅燈 \d+、黃燈 \d+、白燈 \d+、綠燈 \d+/ })).toBeVisible();
  await expect(main.getByRole('table', { name: '各主軸燈號' }).getByRole('columnheader', { name: '紅燈' })).toBeVisible();
  await expect(main.getByRole('heading', { name: '逾期查核點' })).toBeVisible();
  await expect(main.getByText('等待天數中位數')).toBeVisible();
  await expect(main.getByRole('table', { name: '各機關準時率與退回率' })).toBeVisible();
  await expect(main.getByRole('button', { name: /^準時率/ })).toBeVisible();
  await checkA11y(viewer, 'dashboard');
  await shoot(viewer, 'dashboard');

  // Sorting the ministries' table by a column says so (aria-sort).
  await main.getByRole('button', { name: /^退回率/ }).click();
  await expect(main.getByRole('columnheader', { name: /^退回率/ })).toHaveAttribute('aria-sort', 'descending');

  // ---- drill into red: each sub-project with its light's reasons in words
  await redTile.click();
  await expect(viewer).toHaveURL(/light=red/);
  await expect(main.getByRole('heading', { name: `紅燈細部計畫（${portfolio.counts.red} 項）` })).toBeVisible();
  const card = await findInDrillDown(viewer, sp.name);
  await expect(card.getByText(/^紅燈\s*（人工調整）$/)).toBeVisible();
  await expect(card.getByText(sp.justification)).toBeVisible();
  await expect(card.getByText('判定理由')).toBeVisible();
  await checkA11y(viewer, 'dashboard-red');
  await shoot(viewer, 'dashboard-red');

  await card.getByRole('link', { name: sp.name, exact: true }).click();
  await expect(viewer).toHaveURL(new RegExp(`/sub-projects/${sp.code}$`));
  await expect(main.getByRole('heading', { level: 1 })).toHaveText(sp.name);
  await viewer.goBack();
  await expect(main.getByRole('heading', { name: /^紅燈細部計畫/ })).toBeVisible();

  // ---- the programme status PDF, generated by the real worker
  const downloaded = viewer.waitForEvent('download', { timeout: 120_000 });
  await main.getByRole('button', { name: '下載計畫狀態報告 PDF' }).click();
  const download = await downloaded;
  expect(download.suggestedFilename()).toMatch(/\.pdf$/);
  const file = test.info().outputPath('programme-status.pdf');
  await download.saveAs(file);
  const bytes = readFileSync(file);
  expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(bytes.length).toBeGreaterThan(2_000);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  expect(text).toContain('臺灣 AI 行動計畫 2.0');
  await expect(main.getByText(/^報告已下載：/)).toBeVisible();
});

test('a ministry officer sees only its own organisation\'s figures, and the page says so', async ({ as, api, checkA11y, shoot }) => {
  test.setTimeout(120_000);
  const sp = await redSubProject(await api('coordinator'), await api('moea-officer'));
  const quarter = taipeiQuarter();
  const [mine, everything] = await Promise.all([
    (await (await api('moda-officer')).get(`/api/dashboards/portfolio?programme=aap2&period=${quarter}`)).json(),
    (await (await api('viewer')).get(`/api/dashboards/portfolio?programme=aap2&period=${quarter}`)).json(),
  ]);
  expect(mine.total).toBeLessThan(everything.total);

  const officer = await as('moda-officer');
  await officer.goto('/dashboard');
  const main = officer.getByRole('main');
  await expect(main.getByText('您看到的只有數位部主辦或協辦的細部計畫數字，其他機關的計畫不列入。')).toBeVisible();
  await expect(main.getByText(`共 ${mine.total} 項細部計畫`, { exact: false })).toBeVisible();
  for (const light of ['red', 'yellow', 'white', 'green'] as const) {
    const word = { red: '紅燈', yellow: '黃燈', white: '白燈', green: '綠燈' }[light];
    await expect(main.getByRole('link', { name: new RegExp(`^${word} ${mine.counts[light]} 項`) })).toBeVisible();
  }
  // The ministries' table lists only its own rows; the secretariat's waiting figures and the programme-wide PDF are not offered.
  await expect(main.getByRole('table', { name: '各機關準時率與退回率' }).getByRole('rowheader', { name: '經濟部' })).toHaveCount(0);
  await expect(main.getByText('待審核統計僅供執行秘書室與長官檢視', { exact: false })).toBeVisible();
  await expect(main.getByRole('button', { name: '下載計畫狀態報告 PDF' })).toHaveCount(0);
  // 經濟部's red sub-project is not in its red list.
  await officer.goto(`/dashboard?programme=aap2&period=${quarter}&light=red`);
  await expect(main.getByRole('heading', { name: `紅燈細部計畫（${mine.counts.red} 項）` })).toBeVisible();
  await expect(main.getByRole('link', { name: sp.name })).toHaveCount(0);
  await checkA11y(officer, 'dashboard-ministry');
  await shoot(officer, 'dashboard-ministry');
});

test('the counts are asked for by the document before the app runs, and the panels below and the navigation\'s counts only once the counts have arrived', async ({ as }) => {
  const coordinator = await as('coordinator');
  const events: string[] = [];
  // The page's own code chunk, the app's session read, a dashboard request by its route name, or a navigation
  // count; anything else is not followed.
  const NAVIGATION = ['/api/me/work', '/api/me/notifications/unread-count', '/api/me/delegations'];
  const label = (url: string) => {
    if (/dashboard\.page-.*\.js$/.test(url)) return 'page';
    const path = new URL(url).pathname;
    if (path === '/api/auth/session') return 'session';
    return path.startsWith('/api/dashboards/') ? path.replace(/^\/api\/dashboards\//, '') : NAVIGATION.includes(path) ? path : null;
  };
  const follow = (verb: string) => (r: { url(): string }) => { const l = label(r.url()); if (l) events.push(`${verb} ${l}`); };
  // From a blank page, so that nothing of the page the sign-in left open is followed.
  await coordinator.goto('about:blank');
  coordinator.on('request', follow('ask'));
  coordinator.on('requestfinished', follow('got'));
  await coordinator.goto(`/dashboard?programme=aap2&period=${taipeiQuarter()}`);
  await expect(coordinator.getByRole('table', { name: '各機關準時率與退回率' }).or(coordinator.getByText('這一年沒有可計算的資料。')).first()).toBeVisible();
  await coordinator.waitForLoadState('networkidle');
  // The document's early script asks for the counts before the app has even read the session, and the app
  // takes that answer instead of asking again …
  expect(events.indexOf('ask portfolio')).toBeGreaterThanOrEqual(0);
  expect(events.indexOf('ask portfolio')).toBeLessThan(events.indexOf('ask session'));
  expect(events.filter((e) => e === 'ask portfolio')).toHaveLength(1);
  expect(events.indexOf('ask portfolio')).toBeLessThan(events.indexOf('got page'));
  // … and the panels below wait for them.
  for (const panel of ['overdue-milestones', 'pending-reviews', 'ministry-performance']) {
    expect(events.indexOf(`ask ${panel}`), panel).toBeGreaterThan(events.indexOf('got portfolio'));
  }
  // The navigation's badges (我的待辦, 通知, the acting-for switcher) ask after the counts too, and still arrive.
  for (const path of NAVIGATION) {
    expect(events.indexOf(`ask ${path}`), path).toBeGreaterThan(events.indexOf('got portfolio'));
    expect(events, path).toContain(`got ${path}`);
  }
});

test('an early answer that failed is asked for again by the app; a link to a programme that does not exist says so in words', async ({ as, expectFailedRequests, checkA11y, shoot }) => {
  const coordinator = await as('coordinator');
  const asked: string[] = [];
  coordinator.on('request', (r) => { if (new URL(r.url()).pathname.startsWith('/api/dashboards/')) asked.push(new URL(r.url()).pathname); });
  // The first counts request (the document's early one) fails as a busy server might; the app asks again itself.
  let failed = false;
  await coordinator.route(/\/api\/dashboards\/portfolio\?/, async (route) => {
    if (failed) return route.continue();
    failed = true;
    await route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: { code: 'UNAVAILABLE', status: 503, message: 'busy' } }) });
  });
  expectFailedRequests(coordinator, { path: '/api/dashboards/portfolio', status: 503 });
  await coordinator.goto(`/dashboard?programme=aap2&period=${taipeiQuarter()}`);
  await expect(coordinator.getByRole('table', { name: '各主軸燈號' })).toBeVisible();
  expect(asked.filter((p) => p === '/api/dashboards/portfolio')).toHaveLength(2);
  await expect(coordinator.getByRole('main').getByRole('alert').filter({ hasText: '無法完成' })).toHaveCount(0);

  // A stale link: the counts are refused (400: the early request, and the route's, sent before the programme
  // list is known); the page says what is wrong in words and asks for none of its panels.
  await coordinator.unrouteAll();
  await coordinator.goto('about:blank');
  asked.length = 0;
  expectFailedRequests(coordinator, { path: '/api/dashboards/portfolio', status: 400 });
  await coordinator.goto(`/dashboard?programme=no-such-programme&period=${taipeiQuarter()}`);
  await expect(coordinator.getByRole('main').getByRole('alert')).toHaveText(/找不到代碼為「no-such-programme」的行動計畫/);
  await expect(coordinator.getByRole('region', { name: '逾期查核點' })).toHaveCount(0);
  expect(asked.length).toBeGreaterThan(0);
  expect(asked.filter((p) => p !== '/api/dashboards/portfolio')).toEqual([]);
  await checkA11y(coordinator, 'dashboard: a programme that does not exist');
  await shoot(coordinator, 'dashboard-unknown-programme');
});
