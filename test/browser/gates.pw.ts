// A full stage-gate review in the browser: the coordinator schedules gate 1 of a flagship sub-project with two
// reviewers picked by name (a conflicted one and gate 2 first are refused in words), each reviewer scores in their
// own browser (a draft kept, the other's scores hidden until the decision), the coordinator decides go with
// conditions, the owner ministry closes the condition, and gate 2 is scheduled. axe and screenshots on each screen.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { given, type Given } from '../support/given';

const DEMO_REVIEWER = 'Gate reviewer 評審委員 (demo)';

/** Picks an option of a Mantine Select / MultiSelect by its label, typing to search first when asked. */
async function choose(page: Page, label: string | RegExp, option: string | RegExp, type?: string): Promise<void> {
  const box = page.getByRole('main').getByRole('combobox', { name: label });
  await box.click();
  if (type) await box.fill(type);
  await page.getByRole('option', { name: option }).first().click();
  await page.keyboard.press('Escape');
}

/** A flagship sub-project of aap2018 of its own (經濟部 leads alone), two reviewers, and one conflicted reviewer of 經濟部. */
async function prepare(g: Given) {
  const tag = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
  const [programme] = await g.sql<{ id: string }>(`SELECT id FROM programme WHERE code = 'aap2018'`);
  const code = `aap2018-gates-${tag}`;
  const name = `旗艦關卡測試計畫（瀏覽器測試 ${tag}）`;
  await g.subProject({ code, programmeId: programme.id, lead: 'moea', isFlagship: true, status: 'active', name });
  const second = `第二位評審 ${tag}（瀏覽器測試）`;
  const secondEmail = `second.reviewer.${tag}@test.guankao.tw`;
  await g.user({ email: secondEmail, roles: ['reviewer'], displayName: second, organisation: null, password: 'demo', locale: 'zh-TW' });
  const conflicted = `經濟部評審 ${tag}（瀏覽器測試）`;
  await g.user({ email: `moea.reviewer.${tag}@test.guankao.tw`, roles: ['reviewer'], displayName: conflicted, organisation: 'moea' });
  return { code, name, second, secondEmail, conflicted };
}

/** Signs a new browser context in as a user the demo seed does not have (the demo password). */
async function signInAs(browser: import('@playwright/test').Browser, baseURL: string | undefined, email: string, watch: (page: Page) => void): Promise<Page> {
  const context = await browser.newContext({ baseURL, locale: 'zh-TW', timezoneId: 'Asia/Taipei', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  watch(page);
  await page.goto('/sign-in');
  await page.getByLabel('電子郵件').fill(email);
  await page.getByLabel('密碼').fill(process.env.DEMO_PASSWORD ?? 'guankao-demo');
  await page.getByRole('button', { name: '登入' }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
  return page;
}

/** Fills a scorecard: every must-meet met, every should-meet the score, a comment each. */
async function fillScorecard(page: Page, score: string, comment: string): Promise<void> {
  const card = page.getByRole('region', { name: /我的評分表|My scorecard/ });
  for (const fieldset of await card.locator('fieldset[data-criterion]').all()) {
    const radio = fieldset.getByRole('radio', { name: /^(符合|Met)$/ });
    if (await radio.count()) await radio.check();
    else await fieldset.getByRole('textbox', { name: /分數|Score/ }).fill(score);
    await fieldset.getByRole('textbox', { name: /意見|Comment/ }).fill(comment);
  }
}

test('a full gate review: schedule by name, two reviewers score apart, go with conditions, the owner closes it, the next gate', async ({ as, browser, baseURL, watch, checkA11y, shoot, expectFailedRequests }) => {
  test.setTimeout(360_000);
  const g = await given(process.env.GUANKAO_BROWSER_DATABASE_URL!);
  try {
    const data = await prepare(g);
    const coordinator = await as('coordinator');
    expectFailedRequests(coordinator, { path: '/api/gate-reviews', status: 409 });

    // The list, and scheduling: gate 2 first is refused in words, a reviewer of the lead ministry too.
    await coordinator.goto('/gates');
    await expect(coordinator.getByRole('heading', { level: 1 })).toHaveText('關卡審查');
    await expect(coordinator.getByRole('link', { name: '關卡審查', exact: true })).toHaveAttribute('aria-current', 'page');
    await checkA11y(coordinator, 'gates-list');
    await shoot(coordinator, 'gates-list');
    await coordinator.getByRole('link', { name: '排定關卡審查' }).click();
    await expect(coordinator.getByRole('heading', { level: 1 })).toHaveText('排定關卡審查');
    await choose(coordinator, /旗艦細部計畫/, new RegExp(data.code), data.code);
    await expect(coordinator.getByText('這個計畫尚未進行任何關卡審查。')).toBeVisible();
    await expect(coordinator.getByRole('combobox', { name: /^關卡/ })).toHaveValue('第 1 關・遴選與啟動');
    await choose(coordinator, /^關卡/, '第 2 關・技術驗證（里程碑檢視）');
    await coordinator.getByLabel(/審查日期/).fill('2099-03-01');
    await choose(coordinator, /審查委員/, new RegExp(data.second), data.second.slice(0, 8));
    await coordinator.getByRole('button', { name: '排定審查' }).click();
    await expect(coordinator.getByRole('alert')).toContainText('關卡須依序審查：前一關卡「第 1 關・遴選與啟動」尚未通過');

    await choose(coordinator, /^關卡/, '第 1 關・遴選與啟動');
    await choose(coordinator, /審查委員/, new RegExp(data.conflicted), data.conflicted.slice(0, 8));
    await coordinator.getByRole('button', { name: '排定審查' }).click();
    await expect(coordinator.getByRole('alert')).toContainText(`利益迴避：${data.conflicted}（經濟部）`);
    await checkA11y(coordinator, 'gates-schedule');
    await shoot(coordinator, 'gates-schedule');
    // Take the conflicted reviewer out again (the MultiSelect's option toggles), and add the demo reviewer by name.
    await choose(coordinator, /審查委員/, new RegExp(data.conflicted), data.conflicted.slice(0, 8));
    await choose(coordinator, /審查委員/, /Gate reviewer/, 'Gate reviewer');
    await coordinator.getByRole('button', { name: '排定審查' }).click();
    await expect(coordinator).toHaveURL(/\/gates\/[0-9a-f-]{36}$/);
    const reviewUrl = new URL(coordinator.url()).pathname;
    await expect(coordinator.getByRole('heading', { level: 1 })).toHaveText(`第 1 關・遴選與啟動：${data.name}`);
    const reviewers = coordinator.getByRole('region', { name: '審查委員', exact: true });
    await expect(reviewers).toContainText(`${data.second}：尚未送出評分`);
    await expect(reviewers).toContainText(`${DEMO_REVIEWER}：尚未送出評分`);
    // The packet is generated by the real worker; the PDF then downloads under its Chinese name.
    const pdfLink = coordinator.getByRole('link', { name: /^下載 PDF：/ });
    await expect(pdfLink).toBeVisible({ timeout: 60_000 });
    const [download] = await Promise.all([coordinator.waitForEvent('download'), pdfLink.click()]);
    expect(download.suggestedFilename()).toMatch(/關卡|審查/);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    await checkA11y(coordinator, 'gates-review-scheduled');
    await shoot(coordinator, 'gates-review-scheduled');

    // The demo reviewer (English) saves a draft with blanks, reloads it, then submits the whole scorecard.
    const first = await as('reviewer');
    await first.goto(reviewUrl);
    const firstCard = first.getByRole('region', { name: /My scorecard|我的評分表/ });
    await expect(firstCard).toBeVisible();
    const firstFieldset = firstCard.locator('fieldset[data-criterion]').first();
    await firstFieldset.getByRole('textbox', { name: /Comment|意見/ }).fill('草稿：先記下初步意見');
    await firstCard.getByRole('button', { name: /Save draft|儲存草稿/ }).click();
    await expect(firstCard.getByText(/Draft saved|草稿已儲存/)).toBeVisible();
    await first.reload();
    await expect(first.getByRole('region', { name: /My scorecard|我的評分表/ }).locator('fieldset[data-criterion]').first().getByRole('textbox', { name: /Comment|意見/ }))
      .toHaveValue('草稿：先記下初步意見');
    await first.getByRole('button', { name: /Submit scorecard|送出評分/ }).click();
    await expect(first.getByRole('alert').filter({ hasText: /still need completing|需要補齊/ })).toBeVisible();
    await fillScorecard(first, '8', '第一位委員的意見：規劃完整');
    await first.getByRole('button', { name: /Submit scorecard|送出評分/ }).click();
    await expect(first.getByText(/You submitted on|您已於/)).toBeVisible();
    await checkA11y(first, 'gates-scorecard');
    await shoot(first, 'gates-scorecard');

    // The second reviewer, in a browser of their own: the first one's scores are hidden until the decision.
    const second = await signInAs(browser, baseURL, data.secondEmail, watch);
    try {
      await second.goto(reviewUrl);
      await expect(second.getByRole('region', { name: '我的評分表', exact: true })).toBeVisible();
      // The navigation counts the reviews waiting for this reviewer's scorecard.
      await expect(second.getByRole('navigation').getByRole('link', { name: /^關卡審查\s*1\s*件待處理$/ })).toBeVisible();
      await expect(second.getByTestId('scores-hidden')).toHaveText('其他委員的評分在決定前不公開；決定後即可查看所有委員的評分。');
      await expect(second.getByRole('region', { name: '委員評分', exact: true })).not.toContainText('第一位委員的意見');
      await fillScorecard(second, '6', '第二位委員的意見：市場驗證待補');
      await second.getByRole('button', { name: '送出評分' }).click();
      await expect(second.getByText(/您已於 .* 送出評分/)).toBeVisible();
      await expect(second.getByRole('navigation').getByRole('link', { name: '關卡審查', exact: true })).toBeVisible();
      const ownScores = second.getByRole('region', { name: '委員評分', exact: true });
      await expect(ownScores).toContainText('第二位委員的意見');
      await expect(ownScores).not.toContainText('第一位委員的意見');
      await expect(ownScores).not.toContainText(DEMO_REVIEWER);

      // The coordinator sees both, decides go with conditions: a condition for 經濟部, due in 2099.
      await coordinator.reload();
      await expect(coordinator.getByRole('region', { name: '委員評分', exact: true })).toContainText('第一位委員的意見');
      await expect(coordinator.getByRole('region', { name: '評分摘要', exact: true })).toContainText('已送出：2 / 2 位委員');
      const decide = coordinator.getByRole('region', { name: '決定', exact: true });
      await decide.getByRole('radio', { name: '附條件通過' }).check();
      await decide.getByLabel('決定理由').fill('技術可行，惟商業模式尚待補強。');
      await decide.getByLabel('條件內容').fill('於下一關卡前提出商業模式分析報告（瀏覽器測試）');
      await expect(decide.getByRole('combobox', { name: /負責機關/ })).toHaveValue('經濟部');
      await decide.getByLabel(/期限/).fill('2099-06-30');
      await checkA11y(coordinator, 'gates-decide');
      await shoot(coordinator, 'gates-decide');
      await decide.getByRole('button', { name: '記錄決定' }).click();
      await expect(coordinator.getByRole('region', { name: '決定', exact: true })).toContainText('技術可行，惟商業模式尚待補強。');
      const conditions = coordinator.getByRole('region', { name: '決定附帶的條件', exact: true });
      await expect(conditions.getByTestId('gate-condition')).toContainText('於下一關卡前提出商業模式分析報告（瀏覽器測試）');
      await expect(conditions.getByTestId('gate-condition')).toContainText('辦理中');
      await expect(conditions).toContainText('民國 188/06/30（2099-06-30）');

      // After the decision each reviewer sees everyone's scores.
      await second.reload();
      await expect(second.getByRole('region', { name: '委員評分', exact: true })).toContainText('第一位委員的意見');
      await expect(second.getByRole('region', { name: '委員評分', exact: true })).toContainText(DEMO_REVIEWER);
    } finally {
      await second.context().close();
    }

    // Gate 2 may now be scheduled, but the open condition is said in words; the owner ministry closes it first.
    await coordinator.goto(`/gates/new?subProject=${data.code}`);
    await expect(coordinator.getByText('仍有 1 項條件辦理中')).toBeVisible();

    const officer = await as('moea-officer');
    await officer.goto('/gates');
    await checkA11y(officer, 'gates-list-ministry');
    const mine = officer.getByTestId('gate-condition').filter({ hasText: '於下一關卡前提出商業模式分析報告（瀏覽器測試）' });
    await mine.getByRole('button', { name: /完成結案/ }).click();
    await mine.getByLabel('結案說明（第 1 項條件）').fill('已於 2099 年提出商業模式分析報告。');
    await checkA11y(officer, 'gates-condition-close');
    await shoot(officer, 'gates-condition-close');
    await mine.getByRole('button', { name: '完成結案' }).click();
    await officer.getByRole('switch', { name: '只看辦理中' }).uncheck();
    const closed = officer.getByTestId('gate-condition').filter({ hasText: '於下一關卡前提出商業模式分析報告（瀏覽器測試）' });
    await expect(closed).toContainText('已完成');
    await expect(closed).toContainText('已於 2099 年提出商業模式分析報告。');
    // The ministry sees the decision, never who scored or how.
    await closed.getByRole('link').click();
    await expect(officer.getByRole('region', { name: '審查委員', exact: true })).toContainText('本審查共有 2 位委員');
    await expect(officer.getByRole('region', { name: '委員評分', exact: true })).toHaveCount(0);

    await coordinator.reload();
    await expect(coordinator.getByText(/條件辦理中/)).toHaveCount(0);
    await expect(coordinator.getByRole('combobox', { name: /^關卡/ })).toHaveValue('第 2 關・技術驗證（里程碑檢視）');
    await coordinator.getByLabel(/審查日期/).fill('2099-09-01');
    await choose(coordinator, /審查委員/, new RegExp(data.second), data.second.slice(0, 8));
    await coordinator.getByRole('button', { name: '排定審查' }).click();
    await expect(coordinator.getByRole('heading', { level: 1 })).toHaveText(`第 2 關・技術驗證（里程碑檢視）：${data.name}`);
    await expect(coordinator.getByRole('region', { name: '審查委員', exact: true })).toContainText(`${data.second}：尚未送出評分`);

    // The sub-project's page links its gate reviews.
    await coordinator.goto(`/sub-projects/${data.code}`);
    const section = coordinator.getByRole('region', { name: '本計畫的關卡審查', exact: true });
    await expect(section.getByRole('link', { name: '第 1 關・遴選與啟動' })).toBeVisible();
    await expect(section.getByRole('link', { name: '第 2 關・技術驗證（里程碑檢視）' })).toBeVisible();
    await expect(section).toContainText('附條件通過');
  } finally {
    await g.close();
  }
});
