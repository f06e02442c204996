// The sub-project screens by role: the secretariat filters the list and shares the link, creates a sub-project,
// adds a milestone and assigns it to 經濟部; the moea officer acknowledges; the secretariat activates it and
// overrides its light with a justification. moda's officer sees none of it, neither in the list nor by URL.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** Picks an option of a Mantine Select / MultiSelect by its label. */
async function choose(page: Page, label: string | RegExp, option: string, scope = page.getByRole('main')): Promise<void> {
  await scope.getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

const rowLinks = (page: Page) => page.getByRole('table', { name: '細部計畫清單' }).getByRole('link');

test('the secretariat filters the list, and a shared link reproduces the view', async ({ as, checkA11y, shoot }) => {
  const coordinator = await as('coordinator');
  await coordinator.goto('/sub-projects');
  await expect(coordinator.getByRole('heading', { level: 1 })).toHaveText('細部計畫');
  // Keyset pages: 25 at a time, the next page appended below.
  await expect(rowLinks(coordinator)).toHaveCount(25);
  await expect(coordinator.getByText('已顯示 25 筆，還有更多')).toBeVisible();
  const firstPage = await rowLinks(coordinator).allTextContents();
  await coordinator.getByRole('button', { name: '載入更多' }).click();
  await expect(rowLinks(coordinator)).toHaveCount(50);
  expect((await rowLinks(coordinator).allTextContents()).slice(0, 25)).toEqual(firstPage);

  await choose(coordinator, '行動計畫', '臺灣 AI 行動計畫 2.0');
  await choose(coordinator, '機關', '經濟部');
  await coordinator.getByLabel('計畫名稱關鍵字').fill('晶片');
  await coordinator.getByLabel('計畫名稱關鍵字').press('Enter');

  await expect(coordinator).toHaveURL(/programme=aap2/);
  await expect(coordinator).toHaveURL(/ministry=moea/);
  await expect(coordinator).toHaveURL(/q=%E6%99%B6%E7%89%87|q=晶片/);
  await expect(rowLinks(coordinator).first()).toBeVisible();
  const names = await rowLinks(coordinator).allTextContents();
  expect(names.length).toBeGreaterThan(0);
  for (const name of names) expect(name).toContain('晶片');
  await expect(coordinator.getByText(`已顯示 ${names.length} 筆`)).toBeVisible();
  // Each row says its status and light in words.
  await expect(coordinator.getByRole('table', { name: '細部計畫清單' }).getByText('已分派').first()).toBeVisible();
  await checkA11y(coordinator, 'sub-project-list-filtered');
  await shoot(coordinator, 'sub-project-list-filtered');

  // The same link in another browser context: same filters shown, same rows.
  const colleague = await as('coordinator');
  await colleague.goto(coordinator.url());
  await expect(rowLinks(colleague).first()).toBeVisible();
  expect(await rowLinks(colleague).allTextContents()).toEqual(names);
  await expect(colleague.getByRole('main').getByRole('combobox', { name: '行動計畫', exact: true })).toHaveValue('臺灣 AI 行動計畫 2.0');
  await expect(colleague.getByRole('main').getByRole('combobox', { name: '機關', exact: true })).toHaveValue('經濟部');
  await expect(colleague.getByLabel('計畫名稱關鍵字')).toHaveValue('晶片');

  // Narrow screens get cards, not a table.
  await colleague.setViewportSize({ width: 320, height: 800 });
  await expect(colleague.getByRole('list', { name: '細部計畫清單' }).getByRole('link', { name: names[0] })).toBeVisible();
  await checkA11y(colleague, 'sub-project-list-320');
  // There the filters fold behind one button that says how many apply.
  const programmeFilter = colleague.getByRole('main').getByRole('combobox', { name: '行動計畫', exact: true });
  await expect(programmeFilter).toBeHidden();
  await colleague.getByRole('button', { name: '顯示篩選條件（已套用 3 項）' }).click();
  await expect(programmeFilter).toBeVisible();
  await checkA11y(colleague, 'sub-project-list-320-filters');
});

test('create, add a milestone, assign to 經濟部; moea acknowledges; the secretariat activates and overrides the light; moda sees nothing', async ({
  as, checkA11y, shoot, expectFailedRequests,
}) => {
  test.setTimeout(180_000);
  const name = `瀏覽器測試晶片人才計畫 ${Date.now().toString(36)}`;
  const deliverable = '完成晶片設計人才培訓 200 人次';
  const justification = '已於 11/15 追加預算，執行進度將於下季回升';

  // ---- the secretariat creates it -----------------------------------------------------------
  const coordinator = await as('coordinator');
  await coordinator.goto('/sub-projects');
  await coordinator.getByRole('main').getByRole('link', { name: '新增細部計畫' }).click();
  await expect(coordinator).toHaveURL(/\/sub-projects\/new$/);
  await expect(coordinator.getByRole('heading', { level: 1 })).toHaveText('新增細部計畫');
  await checkA11y(coordinator, 'sub-project-new');
  await shoot(coordinator, 'sub-project-new');

  await coordinator.getByRole('button', { name: '建立' }).click();
  await expect(coordinator.getByText('此欄必填。').first()).toBeVisible();

  // Required fields: the label's accessible name ends with Mantine's asterisk.
  await choose(coordinator, /^行動計畫/, '臺灣 AI 行動計畫 2.0');
  // A MultiSelect's input sits under its pill box: the click goes to the box.
  await coordinator.getByRole('combobox', { name: /^主軸（至少一個）/ }).click({ force: true });
  await coordinator.getByRole('option', { name: /^1\. / }).click();
  await coordinator.keyboard.press('Escape');
  await coordinator.getByLabel('計畫名稱').fill(name);
  await coordinator.getByLabel('開始年度（西元）').fill('2026');
  await coordinator.getByLabel('結束年度（西元）').fill('2027');
  await coordinator.getByRole('button', { name: '建立' }).click();

  await expect(coordinator.getByRole('heading', { level: 1 })).toHaveText(name);
  const url = new URL(coordinator.url()).pathname;
  expect(url).toMatch(/^\/sub-projects\/aap2-sp-\d+$/);
  const main = coordinator.getByRole('main');
  await expect(main.getByText('草稿', { exact: true }).first()).toBeVisible();

  // ---- a milestone ----------------------------------------------------------------------------
  await main.getByRole('button', { name: '新增查核點' }).click();
  const milestoneDialog = coordinator.getByRole('dialog', { name: '新增查核點' });
  await milestoneDialog.getByLabel('查核內容').fill(deliverable);
  await milestoneDialog.getByLabel('到期日（西元）').fill('2027-06-30');
  await milestoneDialog.getByRole('button', { name: '新增查核點' }).click();
  await expect(milestoneDialog).toBeHidden();
  const milestoneLink = main.getByRole('link', { name: deliverable });
  await expect(milestoneLink).toHaveAttribute('href', /^\/milestones\/.+/);
  await expect(main.getByText('民國 116/06/30（2027-06-30）')).toBeVisible();

  // ---- assigned to 經濟部 ---------------------------------------------------------------------
  await main.getByRole('button', { name: '分派主辦機關' }).click();
  const assignDialog = coordinator.getByRole('dialog', { name: '分派細部計畫' });
  await assignDialog.getByRole('combobox', { name: /^主辦機關/ }).click();
  await coordinator.getByRole('option', { name: '經濟部', exact: true }).click();
  await assignDialog.getByRole('button', { name: '分派主辦機關' }).click();
  await expect(assignDialog).toBeHidden();
  await expect(main.getByText('已分派', { exact: true }).first()).toBeVisible();
  await expect(main.getByRole('table').filter({ hasText: '系統對應機關' }).getByText('經濟部')).toBeVisible();
  await checkA11y(coordinator, 'sub-project-detail-assigned');

  // ---- moda's officer: not in the list, and by URL as if it did not exist (404) -----------------
  const moda = await as('moda-officer');
  await moda.goto(`/sub-projects?q=${encodeURIComponent(name)}`);
  await expect(moda.getByText('沒有符合條件的細部計畫。請放寬篩選條件。')).toBeVisible();
  expectFailedRequests(moda, { path: `/api${url}`, status: 404 });
  await moda.goto(url);
  await expect(moda.getByRole('alert')).toContainText('找不到這筆資料，可能已被刪除或網址有誤。');
  await expect(moda.getByText(name)).toHaveCount(0);

  // ---- the moea officer finds it and acknowledges -------------------------------------------------
  const officer = await as('moea-officer');
  await officer.goto(`/sub-projects?q=${encodeURIComponent(name)}`);
  await officer.getByRole('table', { name: '細部計畫清單' }).getByRole('link', { name }).click();
  await expect(officer.getByRole('heading', { level: 1 })).toHaveText(name);
  await expect(officer.getByText('貴機關是本計畫的主辦機關。')).toBeVisible();
  await expect(officer.getByRole('button', { name: '啟動' })).toHaveCount(0);
  await officer.getByRole('button', { name: '確認接受分派' }).click();
  const ackDialog = officer.getByRole('dialog', { name: '確認接受分派' });
  await ackDialog.getByRole('button', { name: '確認接受分派' }).click();
  await expect(ackDialog).toBeHidden();
  await expect(officer.getByRole('main').getByText('已確認', { exact: true }).first()).toBeVisible();
  await expect(officer.getByRole('button', { name: '確認接受分派' })).toHaveCount(0);

  // ---- the secretariat activates it and overrides the light -----------------------------------------
  await coordinator.reload();
  await expect(main.getByText('已確認', { exact: true }).first()).toBeVisible();
  await main.getByRole('button', { name: '啟動' }).click();
  const activateDialog = coordinator.getByRole('dialog', { name: '啟動' });
  await expect(activateDialog).toContainText('啟動本細部計畫？');
  await activateDialog.getByRole('button', { name: '啟動' }).click();
  await expect(activateDialog).toBeHidden();
  await expect(main.getByText('執行中', { exact: true }).first()).toBeVisible();

  await main.getByRole('button', { name: '人工調整燈號' }).click();
  const overrideDialog = coordinator.getByRole('dialog', { name: /^人工調整 \d{4}-Q[1-4] 燈號$/ });
  await overrideDialog.getByRole('button', { name: '人工調整燈號' }).click();
  await expect(overrideDialog.getByText('請說明為何調整燈號。')).toBeVisible();
  await overrideDialog.getByRole('combobox', { name: /^調整為/ }).click();
  await coordinator.getByRole('option', { name: '黃燈', exact: true }).click();
  await overrideDialog.getByLabel('調整理由（必填，會與燈號一起顯示）').fill(justification);
  await overrideDialog.getByRole('button', { name: '人工調整燈號' }).click();
  await expect(overrideDialog).toBeHidden();

  const lightSection = main.getByRole('region', { name: '燈號' });
  await expect(lightSection.getByText('黃燈 （人工調整）')).toBeVisible();
  await expect(lightSection.getByText(justification, { exact: false })).toBeVisible();
  await expect(lightSection.getByText(/系統判定：/)).toBeVisible();
  await expect(main.getByText('黃燈 （人工調整）').first()).toBeVisible();
  const history = main.getByRole('region', { name: '分派紀錄' });
  await expect(history.getByRole('cell', { name: '經濟部 目前' })).toBeVisible();
  await expect(history.getByRole('cell', { name: /經濟部 承辦/ })).toBeVisible();
  await checkA11y(coordinator, 'sub-project-detail');
  await shoot(coordinator, 'sub-project-detail');

  // The list says so too, in words.
  await coordinator.goto(`/sub-projects?q=${encodeURIComponent(name)}&light=yellow`);
  const row = coordinator.getByRole('table', { name: '細部計畫清單' }).getByRole('row').filter({ hasText: name });
  await expect(row).toContainText('黃燈 （人工調整）');
  await expect(row).toContainText('執行中');
  await expect(row).toContainText('民國 115–116 年');
});

test('a step on a stale page is explained in words, keeps the typed reason, and works after reloading', async ({ as, api, expectFailedRequests }) => {
  test.setTimeout(120_000);
  const coordinatorApi = await api('coordinator');
  const officerApi = await api('moea-officer');
  const created = await coordinatorApi.post('/api/sub-projects', { data: { programme: 'aap2', name: `過期版本測試 ${Date.now().toString(36)}`, axes: ['aap2-axis-1'] } });
  expect(created.status(), await created.text()).toBe(201);
  let sp = (await created.json()) as { code: string; version: number };
  const step = async (client: typeof coordinatorApi, action: string, data: Record<string, unknown> = {}) => {
    const res = await client.post(`/api/sub-projects/${sp.code}/${action}`, { data: { version: sp.version, ...data } });
    expect(res.status(), await res.text()).toBe(200);
    sp = (await res.json()) as typeof sp;
  };
  await step(coordinatorApi, 'assign', { lead: 'moea' });
  await step(officerApi, 'acknowledge');
  await step(coordinatorApi, 'activate');

  const coordinator = await as('coordinator');
  expectFailedRequests(coordinator, { path: `/api/sub-projects/${sp.code}/suspend`, status: 409 });
  await coordinator.goto(`/sub-projects/${sp.code}`);
  const main = coordinator.getByRole('main');
  await expect(main.getByText('執行中', { exact: true }).first()).toBeVisible();

  // Meanwhile a colleague suspends it.
  await step(coordinatorApi, 'suspend', { reason: '同事先行暫停' });

  const reason = '經費凍結，俟追加預算後恢復';
  await main.getByRole('button', { name: '暫停' }).click();
  const dialog = coordinator.getByRole('dialog', { name: '暫停' });
  await dialog.getByLabel('理由').fill(reason);
  await dialog.getByRole('button', { name: '暫停' }).click();
  await expect(dialog.getByRole('alert')).toContainText('這筆資料已被別人（或您在另一個分頁）更新');
  await expect(dialog.getByLabel('理由')).toHaveValue(reason);

  await dialog.getByRole('button', { name: '重新載入' }).click();
  await expect(main.getByText('暫停', { exact: true }).first()).toBeVisible();
  await expect(dialog.getByLabel('理由')).toHaveValue(reason);
  // Now the version is current, but a suspended sub-project cannot be suspended again: said in words too.
  await dialog.getByRole('button', { name: '暫停' }).click();
  await expect(dialog.getByRole('alert')).toContainText('這筆資料的狀態已改變，這個動作現在不能執行');
  await expect(dialog.getByLabel('理由')).toHaveValue(reason);

  // What the page offers now works, with the version it reloaded.
  await dialog.getByRole('button', { name: '取消' }).click();
  await expect(main.getByRole('button', { name: '暫停' })).toHaveCount(0);
  await main.getByRole('button', { name: '恢復執行' }).click();
  await coordinator.getByRole('dialog', { name: '恢復執行' }).getByRole('button', { name: '恢復執行' }).click();
  await expect(main.getByText('執行中', { exact: true }).first()).toBeVisible();
});
