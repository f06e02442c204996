// My account in the browser: profile, sessions and the password change; a password changed in one
// browser ends the session of another browser at once, this one stays signed in.
import type { Browser, Page } from '@playwright/test';
import { given } from '../support/given';
import { expect, test } from './fixtures';

const NEW_PASSWORD = 'Browser-Test-Passphrase-93';

async function signInAs(browser: Browser, baseURL: string | undefined, email: string, watch: (page: Page) => void, password = 'guankao-demo'): Promise<Page> {
  const context = await browser.newContext({ baseURL, locale: 'zh-TW', timezoneId: 'Asia/Taipei', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  watch(page);
  await page.goto('/sign-in');
  await page.getByLabel('電子郵件').fill(email);
  await page.getByLabel('密碼').fill(password);
  await page.getByRole('button', { name: '登入' }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
  return page;
}

test('a password changed on the account page ends the other browser\'s session; the sessions list marks this device', async ({ browser, baseURL, watch, checkA11y, shoot, expectFailedRequests }) => {
  test.setTimeout(120_000);
  const tag = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
  const email = `account.${tag}@test.guankao.tw`;
  const g = await given(process.env.GUANKAO_BROWSER_DATABASE_URL!);
  try {
    await g.user({ email, displayName: `帳號測試 ${tag}（瀏覽器測試）`, organisation: 'moea', roles: ['ministry_officer'], password: 'demo' });
  } finally {
    await g.close();
  }
  const other = await signInAs(browser, baseURL, email, watch);
  const page = await signInAs(browser, baseURL, email, watch);

  // From the user menu to the account page.
  await page.getByRole('button', { name: /^帳號: / }).click();
  await page.getByRole('menuitem', { name: '我的帳號' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('我的帳號');
  const sessions = page.getByRole('region', { name: '登入中的裝置', exact: true });
  await expect(sessions.getByTestId('session-row')).toHaveCount(2);
  await expect(sessions.getByText('這個裝置')).toHaveCount(1);
  await expect(page.getByRole('link', { name: '前往通知設定與行事曆訂閱' })).toHaveAttribute('href', '/inbox/preferences');
  await checkA11y(page, 'account');
  await shoot(page, 'account');

  // A refusal in words first: the wrong current password.
  expectFailedRequests(page, { path: '/api/me/password', status: 400 });
  const form = page.getByRole('region', { name: '變更密碼' });
  await form.getByLabel('目前的密碼').fill('not-my-password');
  await form.getByRole('textbox', { name: '新密碼', exact: true }).fill(NEW_PASSWORD);
  await form.getByLabel('再輸入一次新密碼').fill(NEW_PASSWORD);
  await form.getByRole('button', { name: '變更密碼' }).click();
  await expect(form.getByRole('alert')).toContainText('目前的密碼不正確');
  await checkA11y(page, 'account-password-refused');

  await form.getByLabel('目前的密碼').fill('guankao-demo');
  await form.getByRole('button', { name: '變更密碼' }).click();
  await expect(form.getByRole('status')).toHaveText('密碼已變更，其他 1 個登入已結束。');
  await expect(sessions.getByTestId('session-row')).toHaveCount(1);

  // The other browser is signed out at once: its next page load goes to sign-in.
  expectFailedRequests(other, { path: /^\/api\//, status: 401 });
  await other.goto('/account');
  await expect(other).toHaveURL(/\/sign-in/);
  // This one keeps working, and the new password signs in.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('我的帳號');
  const again = await signInAs(browser, baseURL, email, watch, NEW_PASSWORD);
  await expect(again).not.toHaveURL(/\/sign-in/);
});

test('the display name and the language are saved, and the screens switch to the chosen language', async ({ browser, baseURL, watch, checkA11y }) => {
  const tag = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
  const email = `locale.${tag}@test.guankao.tw`;
  const g = await given(process.env.GUANKAO_BROWSER_DATABASE_URL!);
  try {
    await g.user({ email, displayName: `語言測試 ${tag}`, organisation: 'moda', roles: ['ministry_officer'], password: 'demo' });
  } finally {
    await g.close();
  }
  const page = await signInAs(browser, baseURL, email, watch);
  await page.goto('/account');
  const profile = page.getByRole('region', { name: '基本資料' });
  await profile.getByLabel('顯示名稱').fill(`Locale Tester ${tag}`);
  await profile.getByRole('combobox', { name: '語言（畫面與電子郵件）' }).click();
  await page.getByRole('option', { name: 'English' }).click();
  await profile.getByRole('button', { name: '儲存' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My account');
  await expect(page.getByRole('button', { name: `Account: Locale Tester ${tag}` })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My account');
  await checkA11y(page, 'account-en');
});
