// 職務代理 in the browser: a delegate switches to acting for a colleague in the header, takes a real
// step of the colleague's work, and the page's audit trail shows "代理人 代 被代理人".
import type { APIRequestContext, Browser, Page } from '@playwright/test';
import { request as playwrightRequest } from '@playwright/test';
import { given } from '../support/given';
import { expect, test } from './fixtures';
import { prepareSubProject, taipeiToday } from './test-data';

async function signInAs(browser: Browser, baseURL: string | undefined, email: string, watch: (page: Page) => void): Promise<Page> {
  const context = await browser.newContext({ baseURL, locale: 'zh-TW', timezoneId: 'Asia/Taipei', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  watch(page);
  await page.goto('/sign-in');
  await page.getByLabel('電子郵件').fill(email);
  await page.getByLabel('密碼').fill('guankao-demo');
  await page.getByRole('button', { name: '登入' }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);
  return page;
}

async function apiAs(baseURL: string | undefined, email: string): Promise<APIRequestContext> {
  const anonymous = await playwrightRequest.newContext({ baseURL });
  const response = await anonymous.post('/api/auth/login', { data: { email, password: 'guankao-demo' } });
  expect(response.status(), await response.text()).toBe(200);
  const { accessToken } = (await response.json()) as { accessToken: string };
  await anonymous.dispose();
  return playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${accessToken}` } });
}

test('a delegate acts for a colleague from the header, sends the colleague\'s draft to the supervisor, and the audit trail shows both names', async ({
  browser, baseURL, watch, api, checkA11y, shoot,
}) => {
  test.setTimeout(180_000);
  const tag = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
  const delegatorEmail = `delegator.${tag}@test.guankao.tw`;
  const delegateEmail = `delegate.${tag}@test.guankao.tw`;
  const delegatorName = `李大華 ${tag}（測試）`;
  const delegateName = `王小明 ${tag}（測試）`;
  const g = await given(process.env.GUANKAO_BROWSER_DATABASE_URL!);
  try {
    await g.user({ email: delegatorEmail, displayName: delegatorName, organisation: 'moea', roles: ['ministry_officer'], password: 'demo' });
    await g.user({ email: delegateEmail, displayName: delegateName, organisation: 'moea', roles: ['ministry_officer'], password: 'demo' });
  } finally {
    await g.close();
  }
  const delegatorApi = await apiAs(baseURL, delegatorEmail);
  try {
    // The delegator's work: a draft of their own on a fresh sub-project.
    const sp = await prepareSubProject(await api('coordinator'), delegatorApi);
    const created = await delegatorApi.post('/api/submissions', { data: { subProject: sp.code, milestone: sp.milestone, progressPercent: '60', narrative: '代理測試初稿' } });
    expect(created.status(), await created.text()).toBe(201);
    const submissionId = ((await created.json()) as { id: string }).id;

    // The delegator names the delegate on the account page.
    const delegator = await signInAs(browser, baseURL, delegatorEmail, watch);
    await delegator.goto('/account');
    const section = delegator.getByRole('region', { name: '職務代理' });
    await section.getByRole('combobox', { name: '代理人' }).click();
    await delegator.getByRole('option', { name: new RegExp(delegateName.replace(/[()（）]/g, '.')) }).click();
    await section.getByLabel('開始日').fill(taipeiToday());
    await section.getByLabel('結束日（含當天）').fill(taipeiToday());
    await section.getByRole('button', { name: '指定代理人' }).click();
    await expect(section.getByRole('status')).toHaveText('已指定代理人。');
    await expect(section.getByRole('cell', { name: delegateName, exact: true })).toBeVisible();
    await checkA11y(delegator, 'account-delegation');

    // The delegate switches to acting for the delegator in the header.
    const delegate = await signInAs(browser, baseURL, delegateEmail, watch);
    await delegate.getByTestId('acting-for-switcher').click();
    await delegate.getByRole('menuitem', { name: `代理 ${delegatorName} 的職務` }).click();
    const banner = delegate.getByTestId('acting-for-banner');
    await expect(banner).toContainText(`您正在代理 ${delegatorName} 的職務`);
    await expect(banner).toContainText(`「${delegateName} 代 ${delegatorName}」`);
    await checkA11y(delegate, 'acting-for-my-work');
    await shoot(delegate, 'acting-for-my-work');

    // A real step of the delegator's work: send their draft to the supervisor.
    await delegate.goto(`/submissions/${submissionId}`);
    await expect(banner).toBeVisible();
    await delegate.getByRole('button', { name: '送主管核定' }).click();
    await expect(delegate.getByRole('main').getByText('待主管核定', { exact: true }).first()).toBeVisible();

    const trail = delegate.getByTestId('audit-trail');
    await expect(trail).toContainText(`${delegateName} 代 ${delegatorName}`);
    await checkA11y(delegate, 'acting-for-submission');
    await shoot(delegate, 'acting-for-submission');

    // Back to oneself: the banner goes.
    await delegate.getByRole('button', { name: '結束代理，回到本人身分' }).click();
    await expect(banner).toHaveCount(0);
  } finally {
    await delegatorApi.dispose();
  }
});
