import { DEMO_PASSWORD, DEMO_USERS, expect, test } from './fixtures';

test('a ministry officer signs in through the sign-in page and lands on 我的待辦', async ({ page, checkA11y, shoot }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hant-TW');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('登入管考系統');
  await checkA11y(page, 'sign-in');
  await shoot(page, 'sign-in');

  await page.getByLabel('電子郵件').fill(DEMO_USERS['moea-officer']);
  await page.getByLabel('密碼').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登入' }).click();

  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('我的待辦');
  await checkA11y(page, 'my-work-first');

  await page.getByRole('button', { name: /^語言/ }).click();
  await page.getByRole('menuitem', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My work');
  await expect(page.locator('html')).toHaveAttribute('lang', /^en/);
});

test('a wrong password is explained in Chinese next to the form, and the page stays usable at 320 px', async ({
  page,
  checkA11y,
  shoot,
  expectFailedRequests,
}) => {
  expectFailedRequests(page, { path: '/api/auth/session', status: 401 });
  await page.setViewportSize({ width: 320, height: 640 });
  await page.goto('/sign-in');
  await page.getByLabel('電子郵件').fill(DEMO_USERS['moea-officer']);
  await page.getByLabel('密碼').fill('not-the-password');
  await page.getByRole('button', { name: '登入' }).click();

  const form = page.locator('form');
  const alert = form.getByRole('alert');
  await expect(alert).toBeVisible();
  await expect(alert).toContainText('電子郵件或密碼不正確');
  await expect(alert).not.toContainText('逾時');
  await expect(page).toHaveURL(/\/sign-in/);
  // What was typed stays, so the user only corrects the password.
  await expect(page.getByLabel('電子郵件')).toHaveValue(DEMO_USERS['moea-officer']);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, 'horizontal overflow at 320 px').toBeLessThanOrEqual(0);
  await checkA11y(page, 'sign-in-wrong-password');
  await shoot(page, 'sign-in-wrong-password');
});
