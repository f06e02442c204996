// Account administration in the browser: an admin invites a ministry officer, the invitation arrives
// at the run's SMTP server, the officer opens the link, sets a password (a weak one refused in
// words), signs in and sees 我的待辦; the used link is then refused in words.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { waitForMail } from './mailbox';

const PASSWORD = 'Yilan-river-bicycle-2026';

test('an admin invites a ministry officer who sets a password and signs in', async ({ as, browser, baseURL, watch, checkA11y, shoot, expectFailedRequests }) => {
  test.setTimeout(300_000); // the shared machine is slow: the run counts minutes
  const tag = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
  const email = `invited.${tag}@test.guankao.tw`;
  const name = `邀請測試 ${tag}（瀏覽器測試）`;

  const admin = await as('admin');
  await admin.getByRole('link', { name: /使用者管理|User management/ }).click();
  await expect(admin).toHaveURL(/\/users$/);
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText(/使用者管理|User management/);
  await expect(admin.getByRole('table').getByRole('link').first()).toBeVisible();
  // The pointer left on the clicked navigation entry would show its hover colour to axe.
  await admin.getByRole('heading', { level: 1 }).hover();
  await checkA11y(admin, 'users-list');
  await shoot(admin, 'users-list');

  await admin.getByRole('link', { name: /新增使用者|New user/ }).click();
  await expect(admin).toHaveURL(/\/users\/new$/);
  await admin.getByRole('textbox', { name: /電子郵件|Email/ }).fill(email);
  await admin.getByRole('textbox', { name: /姓名|Name/ }).fill(name);
  await pick(admin, /所屬機關|Organisation/, '經濟部');
  await admin.getByRole('checkbox', { name: /^(部會承辦人|Ministry officer)$/ }).check();
  await pick(admin, /語言|Language \(screens/, '中文（臺灣）');
  await checkA11y(admin, 'users-new');
  await shoot(admin, 'users-new');
  await admin.getByRole('button', { name: /建立帳號|Create account/ }).click();

  await expect(admin).toHaveURL(/\/users\/[0-9a-f-]{36}/);
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText(name);
  await expect(admin.getByText(/已建立帳號並寄出邀請信|Account created and invitation sent/)).toBeVisible();
  await expect(admin.getByText(/已邀請|Invited/).first()).toBeVisible();
  await checkA11y(admin, 'users-detail');
  await shoot(admin, 'users-detail');

  // The email, at the SMTP server the run started.
  const mail = await waitForMail(email, (m) => m.subject.includes('邀請您使用管考系統'));
  const link = /(https?:\/\/\S+\/set-password\?token=[A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
  expect(link, mail.text).toBeTruthy();

  // The officer, in a browser of their own.
  const context = await browser.newContext({ baseURL, locale: 'zh-TW', timezoneId: 'Asia/Taipei', viewport: { width: 1280, height: 800 } });
  const officer = await context.newPage();
  watch(officer);
  await officer.goto(link!);
  await expect(officer.getByRole('heading', { level: 1 })).toHaveText('設定密碼，開始使用管考系統');
  await expect(officer.getByText(`帳號：${email}`)).toBeVisible();
  await expect(officer.getByText(/至少 12 個字元/)).toBeVisible();
  await checkA11y(officer, 'set-password');
  await shoot(officer, 'set-password');

  expectFailedRequests(officer, { path: '/api/auth/set-password', status: 400 });
  await officer.getByLabel(/^新密碼/).fill('password1234');
  await officer.getByLabel('再輸入一次新密碼').fill('password1234');
  await officer.getByRole('button', { name: '設定密碼' }).click();
  await expect(officer.getByRole('alert')).toContainText('這個密碼太常見');
  await checkA11y(officer, 'set-password-refused');

  await officer.getByLabel(/^新密碼/).fill(PASSWORD);
  await officer.getByLabel('再輸入一次新密碼').fill(PASSWORD);
  await officer.getByRole('button', { name: '設定密碼' }).click();
  await expect(officer.getByRole('status')).toHaveText('密碼已設定。請用新密碼登入。');
  await expect(officer.getByLabel('電子郵件')).toHaveValue(email);
  await officer.getByLabel(/^密碼/).fill(PASSWORD);
  await officer.getByRole('button', { name: '登入' }).click();
  await expect(officer.getByRole('heading', { level: 1 })).toHaveText('我的待辦');

  // The link works once.
  const again = await context.newPage();
  watch(again);
  expectFailedRequests(again, { path: '/api/auth/link', status: 410 });
  await again.goto(link!);
  await expect(again.getByRole('alert')).toContainText('這個連結已經使用過');
  await expect(again.getByRole('link', { name: '申請新的連結' })).toBeVisible();
  await checkA11y(again, 'set-password-used');
  await shoot(again, 'set-password-used');
  await context.close();
});

test('forgot password: the request page answers the same for any address', async ({ page, checkA11y, shoot }) => {
  await page.goto('/sign-in');
  await page.getByRole('link', { name: '忘記密碼？' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('忘記密碼');
  await checkA11y(page, 'forgot-password');
  await page.getByLabel('電子郵件').fill(`nobody.${Date.now().toString(36)}@test.guankao.tw`);
  await page.getByRole('button', { name: '寄送重設密碼連結' }).click();
  await expect(page.getByRole('status')).toContainText('若這個電子郵件有管考系統帳號');
  await checkA11y(page, 'forgot-password-sent');
  await shoot(page, 'forgot-password');
});

/** Chooses an option of a Mantine Select by typing and picking it with the keyboard-usable list. */
async function pick(page: Page, label: RegExp, option: string): Promise<void> {
  const input = page.getByRole('textbox', { name: label }).or(page.getByRole('combobox', { name: label })).first();
  await input.click();
  if (await input.isEditable()) await input.fill(option); // a searchable one; the others only open their list
  await page.getByRole('option', { name: option, exact: true }).click();
}
