// The whole story of issue 9 in four browsers: 經濟部's officer drafts a milestone's submission with two
// evidence files, the supervisor sends it back, the officer revises, the supervisor approves, the secretariat
// returns it with a comment, the officer finds the comment in 我的待辦 and revises, the coordinator reads the
// diff and accepts; the light changes. 數位部's officer sees none of it, neither in lists nor by URL.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { minimalPdf, prepareSubProject } from './test-data';

async function statusIs(page: Page, words: string) {
  await expect(page.getByRole('main').getByText(words, { exact: true }).first()).toBeVisible();
}

async function lightOf(page: Page, code: string): Promise<string> {
  await page.goto(`/sub-projects/${code}`);
  const section = page.getByRole('region', { name: '燈號' });
  const badge = section.getByText(/^(綠燈|黃燈|紅燈|白燈|尚無燈號)/).first();
  await expect(badge).toBeVisible();
  return (await badge.textContent())!.trim();
}

test('the whole story: draft with evidence, send back, approve, return, revise, diff, accept; another ministry sees nothing', async ({
  as,
  api,
  checkA11y,
  shoot,
  expectFailedRequests,
}) => {
  test.setTimeout(240_000);
  const sp = await prepareSubProject(await api('coordinator'), await api('moea-officer'));
  const [officer, supervisor, coordinator, moda] = [await as('moea-officer'), await as('moea-supervisor'), await as('coordinator'), await as('moda-officer')];
  let submissionUrl = '';

  await test.step('the officer starts the submission from the milestone and drafts it with two evidence files', async () => {
    await officer.goto(`/milestones/${sp.milestone}`);
    await expect(officer.getByRole('heading', { level: 1 })).toBeVisible();
    await checkA11y(officer, 'story-milestone');
    await officer.getByRole('button', { name: '開始填報' }).click();
    await expect(officer).toHaveURL(/\/submissions\/[0-9a-f-]{36}$/);
    submissionUrl = new URL(officer.url()).pathname;

    await officer.getByLabel('進度（%）').fill('40');
    await officer.getByLabel('辦理情形').fill('完成晶片架構設計與模擬驗證');
    await officer.locator('input[type=file]').setInputFiles([
      { name: '期中報告.pdf', mimeType: 'application/pdf', buffer: minimalPdf('期中報告') },
      { name: '經費執行明細.csv', mimeType: 'text/csv', buffer: Buffer.from('\ufeff項目,金額（億元）\n晶片設計,1.25\n驗證,0.5\n', 'utf8') },
    ]);
    await expect(officer.getByRole('link', { name: '下載「期中報告.pdf」' })).toBeVisible();
    await expect(officer.getByRole('link', { name: '下載「經費執行明細.csv」' })).toBeVisible();
    await checkA11y(officer, 'story-draft');
    await shoot(officer, 'story-draft');
    await officer.getByRole('button', { name: '送主管核定' }).click();
    await statusIs(officer, '待主管核定');
  });

  await test.step('the supervisor sees both files and sends it back with a comment', async () => {
    await supervisor.goto(submissionUrl);
    await statusIs(supervisor, '待主管核定');
    await expect(supervisor.getByRole('link', { name: '下載「期中報告.pdf」' })).toBeVisible();
    await expect(supervisor.getByRole('link', { name: '下載「經費執行明細.csv」' })).toBeVisible();
    await checkA11y(supervisor, 'story-supervisor');
    await shoot(supervisor, 'story-supervisor');
    await supervisor.getByLabel('意見（退回時必填）').fill('請補充模擬驗證的數據來源');
    await supervisor.getByRole('button', { name: '退回承辦' }).click();
    await statusIs(supervisor, '草稿');
  });

  await test.step('the officer reads the comment, revises and submits again; the supervisor approves', async () => {
    await officer.reload();
    await expect(officer.getByTestId('reviewer-comment')).toContainText('請補充模擬驗證的數據來源');
    await officer.getByLabel('進度（%）').fill('60');
    await officer.getByLabel('辦理情形').fill('完成晶片架構設計與模擬驗證，數據來源為實驗室量測');
    await officer.getByRole('button', { name: '送主管核定' }).click();
    await statusIs(officer, '待主管核定');

    await supervisor.reload();
    await supervisor.getByRole('button', { name: '核定送出' }).click();
    await statusIs(supervisor, '待執秘室審核');
  });

  const lightBefore = await test.step('the coordinator returns it with a comment', async () => {
    const light = await lightOf(coordinator, sp.code);
    await coordinator.goto(submissionUrl);
    await statusIs(coordinator, '待執秘室審核');
    await checkA11y(coordinator, 'story-review');
    await shoot(coordinator, 'story-review');
    await coordinator.getByLabel('意見（退回時必填）').fill('請補充晶片驗證數據與經費執行說明');
    await coordinator.getByRole('button', { name: '退回補正' }).click();
    await statusIs(coordinator, '退回補正');
    return light;
  });

  await test.step('the officer finds the comment in 我的待辦, revises to 100 % and submits; the supervisor approves', async () => {
    await officer.goto('/');
    // Other tests' returned submissions may be listed too: this one is the item naming its milestone.
    const returned = officer.getByRole('region', { name: /退回補正的填報/ }).getByRole('listitem').filter({ hasText: sp.deliverable });
    await expect(returned).toContainText('請補充晶片驗證數據與經費執行說明');
    await checkA11y(officer, 'story-my-work-returned');
    await shoot(officer, 'story-my-work-returned');
    await returned.getByRole('link', { name: sp.deliverable }).click();
    await expect(officer).toHaveURL(new RegExp(`${submissionUrl}$`));
    await expect(officer.getByTestId('reviewer-comment')).toContainText('請補充晶片驗證數據與經費執行說明');
    await officer.getByRole('button', { name: '修正（重新編輯）' }).click();
    await officer.getByLabel('進度（%）').fill('100');
    await officer.getByLabel('辦理情形').fill('完成晶片驗證，驗證數據與經費執行說明如附件');
    await officer.getByRole('button', { name: '送主管核定' }).click();
    await statusIs(officer, '待主管核定');

    await supervisor.reload();
    await supervisor.getByRole('button', { name: '核定送出' }).click();
    await statusIs(supervisor, '待執秘室審核');
  });

  await test.step('the coordinator reads the diff and accepts; the light turns green', async () => {
    await coordinator.goto(submissionUrl);
    await coordinator.getByRole('link', { name: '比較版本差異' }).click();
    await expect(coordinator).toHaveURL(/\/diff\?/);
    const main = coordinator.getByRole('main');
    await expect(main.getByText('完成晶片驗證，驗證數據與經費執行說明如附件').first()).toBeVisible();
    await expect(main.getByText(/完成晶片架構設計與模擬驗證/).first()).toBeVisible();
    await checkA11y(coordinator, 'story-diff');
    await shoot(coordinator, 'story-diff');

    await coordinator.goto(submissionUrl);
    await coordinator.getByRole('button', { name: '審核通過' }).click();
    await statusIs(coordinator, '審核通過');
    const lightAfter = await lightOf(coordinator, sp.code);
    expect(lightAfter).toBe('綠燈');
    expect(lightBefore).not.toBe(lightAfter);
    await checkA11y(coordinator, 'story-sub-project-accepted');
    await shoot(coordinator, 'story-sub-project-accepted');
  });

  await test.step('the officer of 數位部 finds none of it, neither in lists nor by URL', async () => {
    expectFailedRequests(moda, { path: /^\/api\/(submissions|sub-projects|milestones)\//, status: 404 }, { path: /^\/api\/(submissions|sub-projects|milestones)\//, status: 403 });
    await moda.goto('/sub-projects');
    await expect(moda.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(moda.getByRole('main').getByRole('table').or(moda.getByRole('main').getByRole('listitem')).first()).toBeVisible();
    await expect(moda.getByText(sp.name)).toHaveCount(0);
    await moda.goto(`/sub-projects?q=${encodeURIComponent(sp.name)}`);
    await expect(moda.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(moda.getByRole('link', { name: sp.name })).toHaveCount(0);

    for (const url of [submissionUrl, `/sub-projects/${sp.code}`, `/milestones/${sp.milestone}`]) {
      await moda.goto(url);
      await expect(moda.getByRole('main').getByText(/找不到這筆資料|沒有權限/).first()).toBeVisible();
      await expect(moda.getByText('完成晶片驗證，驗證數據與經費執行說明如附件')).toHaveCount(0);
      await expect(moda.getByText(sp.deliverable)).toHaveCount(0);
    }
    await moda.goto('/');
    await expect(moda.getByRole('heading', { level: 1, name: '我的待辦' })).toBeVisible();
    await expect(moda.getByText(sp.name)).toHaveCount(0);
  });
});
