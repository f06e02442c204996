// Two tabs on one draft, and a session that ends while typing: the officer loses nothing either way.
import type { Page } from '@playwright/test';
import { DEMO_PASSWORD, expect, test } from './fixtures';
import { prepareDraft } from './test-data';

const narrative = (page: Page) => page.getByLabel('辦理情形');
const saved = (page: Page) => expect(page.getByText(/^已(自動)?儲存 \d\d:\d\d$/)).toBeVisible();

test('two tabs editing one draft: the second save shows the conflict in words and keeps what was typed', async ({ as, api, checkA11y, shoot, expectFailedRequests }) => {
  test.setTimeout(120_000);
  const draft = await prepareDraft(await api('coordinator'), await api('moea-officer'));
  const first = await as('moea-officer');
  const second = await first.context().newPage();
  expectFailedRequests(second, { path: `/api/submissions/${draft.submission}`, status: 409 });
  await first.goto(`/submissions/${draft.submission}`);
  await second.goto(`/submissions/${draft.submission}`);
  await expect(narrative(first)).toHaveValue('初稿');
  await expect(narrative(second)).toHaveValue('初稿');

  await narrative(first).fill('第一個分頁：完成晶片架構設計');
  await saved(first);

  const mine = '第二個分頁：完成模擬驗證，數據如附件';
  await narrative(second).fill(mine);
  const conflict = second.getByRole('alert').filter({ hasText: '這份草稿已在別處被修改' });
  await expect(conflict).toBeVisible();
  await expect(conflict).toContainText('您輸入的內容都保留在畫面上');
  await expect(narrative(second)).toHaveValue(mine);
  await checkA11y(second, 'tabs-conflict');

  await conflict.getByRole('button', { name: '載入最新版本並比較' }).click();
  const compare = conflict.getByRole('table');
  await expect(compare).toContainText('第一個分頁：完成晶片架構設計');
  await expect(compare).toContainText(mine);
  await expect(narrative(second)).toHaveValue(mine);
  await checkA11y(second, 'tabs-conflict-compare');
  await shoot(second, 'tabs-conflict-compare');

  await conflict.getByRole('button', { name: '以最新版本為基礎，套用我的內容並儲存' }).click();
  await expect(conflict).toHaveCount(0);
  await saved(second);
  await first.reload();
  await expect(narrative(first)).toHaveValue(mine);
});

test('a session that ends mid-draft keeps the text: sign in again in the dialog, and it saves', async ({ as, api, checkA11y, shoot, expectFailedRequests }) => {
  test.setTimeout(120_000);
  const draft = await prepareDraft(await api('coordinator'), await api('moea-officer'));
  const page = await as('moea-officer');
  await page.goto(`/submissions/${draft.submission}`);
  await narrative(page).fill('上午寫的：完成晶片架構設計');
  await saved(page);

  // Signed out everywhere from another device (a bearer session of the same user).
  expectFailedRequests(page, { path: /^\/api\//, status: 401 });
  const elsewhere = await api('moea-officer');
  expect((await elsewhere.post('/api/auth/logout-all')).status()).toBe(204);

  const typed = '上午寫的：完成晶片架構設計。下午補充：模擬驗證結果符合規格，數據如附件。';
  await narrative(page).fill(typed);
  const dialog = page.getByRole('dialog', { name: '請重新登入' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('畫面上輸入的內容都會保留');
  await expect(narrative(page)).toHaveValue(typed);
  await checkA11y(page, 'session-expired-dialog');
  await shoot(page, 'session-expired-dialog');

  await dialog.getByLabel('電子郵件').fill('moea.officer@demo.guankao.tw');
  await dialog.getByLabel('密碼').fill(DEMO_PASSWORD);
  await dialog.getByRole('button', { name: '登入' }).click();
  await expect(dialog).toBeHidden();
  await expect(narrative(page)).toHaveValue(typed);
  await saved(page);

  await page.reload();
  await expect(narrative(page)).toHaveValue(typed);
});
