// The report screens: the secretariat requests a PDF that the real worker generates and downloads it under its
// Chinese name; a ministry officer asks for its own organisation's report as XLSX; a coordinator creates a weekly
// schedule in the human form and sees the cron in words and its next three runs (Taipei), then edits it to monthly.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import cronstrue from 'cronstrue/i18n.js';
import { expect, test } from './fixtures';

/** Picks an option of a Mantine Select / MultiSelect by its label. */
async function choose(page: Page, label: string | RegExp, option: string | RegExp): Promise<void> {
  await page.getByRole('main').getByRole('combobox', { name: label, exact: true }).click();
  await page.getByRole('option', { name: option, exact: typeof option === 'string' }).click();
}

/** The format's segment (a radio whose label is what is seen and clicked). */
async function pickFormat(page: Page, label: string): Promise<void> {
  await page.getByRole('main').locator('label').filter({ hasText: new RegExp(`^${label.replace(/[()（）]/g, '.')}$`) }).click();
}

async function programmeName(page: Page, code: string): Promise<string> {
  const programmes = (await (await page.request.get('/api/programmes')).json()) as { code: string; name: string }[];
  return programmes.find((p) => p.code === code)!.name;
}

test('the secretariat requests a budget PDF, the worker generates it, and it downloads under its Chinese name', async ({ as, checkA11y, shoot }) => {
  test.setTimeout(120_000);
  const coordinator = await as('coordinator');
  await coordinator.goto('/reports');
  await expect(coordinator.getByRole('heading', { level: 1 })).toHaveText('報表');
  await expect(coordinator.getByRole('link', { name: '報表' })).toHaveAttribute('aria-current', 'page');
  await checkA11y(coordinator, 'reports-empty');

  await choose(coordinator, '報表種類', '預算報表');
  await choose(coordinator, '計畫', await programmeName(coordinator, 'aap2018'));
  await pickFormat(coordinator, 'PDF');
  await coordinator.getByRole('button', { name: '申請產製' }).click();

  // Polled until the real worker has finished, the change announced in a polite live region.
  const status = coordinator.getByRole('status').filter({ hasText: '預算報表' });
  await expect(status).toHaveAttribute('aria-live', 'polite');
  await expect(status).toHaveText('「預算報表」已產製完成，可以下載。', { timeout: 60_000 });
  const button = coordinator.getByRole('main').getByRole('link', { name: /^下載 預算報表_aap2018_/ }).first();
  const [download] = await Promise.all([coordinator.waitForEvent('download'), button.click()]);
  expect(download.suggestedFilename()).toMatch(/^預算報表_aap2018_\d{4}-\d{2}-\d{2}\.pdf$/);
  expect(readFileSync((await download.path())!).subarray(0, 5).toString('latin1')).toBe('%PDF-');

  // The past reports list it, ready, with its own download link.
  const past = coordinator.getByRole('table', { name: '歷次報表清單' });
  await expect(past.getByRole('row').nth(1)).toContainText('預算報表');
  await expect(past.getByRole('row').nth(1)).toContainText('已完成');
  await checkA11y(coordinator, 'reports-ready');
  await shoot(coordinator, 'reports');
});

test('a ministry officer asks for its own organisation\'s report as XLSX, and sees no programme-wide kind', async ({ as, checkA11y, shoot }) => {
  test.setTimeout(120_000);
  const officer = await as('moea-officer');
  await officer.goto('/reports');
  await officer.getByRole('main').getByRole('combobox', { name: '報表種類', exact: true }).click();
  const options = await officer.getByRole('option').allTextContents();
  expect(options).toContain('機關細部計畫執行狀況報告');
  expect(options).not.toContain('計畫執行狀況報告');
  expect(options).not.toContain('預算報表');
  await officer.getByRole('option', { name: '機關細部計畫執行狀況報告', exact: true }).click();
  await choose(officer, '計畫', await programmeName(officer, 'aap2018'));
  await pickFormat(officer, 'Excel（XLSX）');
  await expect(officer.getByRole('radio', { name: 'Excel（XLSX）' })).toBeChecked();
  await checkA11y(officer, 'reports-officer-form');
  await officer.getByRole('button', { name: '申請產製' }).click();
  await expect(officer.getByRole('status').filter({ hasText: '機關細部計畫執行狀況報告' })).toContainText('已產製完成', { timeout: 60_000 });
  const [download] = await Promise.all([
    officer.waitForEvent('download'),
    officer.getByRole('main').getByRole('link', { name: /^下載 機關細部計畫執行狀況報告_moea_aap2018_/ }).first().click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^機關細部計畫執行狀況報告_moea_aap2018_\d{4}-\d{2}-\d{2}\.xlsx$/);
  expect(readFileSync((await download.path())!).subarray(0, 2).toString('latin1')).toBe('PK'); // a zip: the XLSX container
  await shoot(officer, 'reports-officer');
});

test('a coordinator creates a weekly schedule in the human form, sees it in words and its next three runs, then makes it monthly', async ({
  as, checkA11y, shoot,
}) => {
  test.setTimeout(120_000);
  const coordinator = await as('coordinator');
  await coordinator.goto('/reports');
  await coordinator.getByRole('link', { name: '定期寄送' }).click();
  await expect(coordinator.getByRole('heading', { level: 1 })).toHaveText('定期寄送報表');
  await checkA11y(coordinator, 'report-schedules-empty');
  await coordinator.getByRole('link', { name: '新增排程' }).click();
  await expect(coordinator.getByRole('heading', { level: 1 })).toHaveText('新增定期寄送');

  await coordinator.getByLabel('名稱').fill('每週一計畫執行狀況（瀏覽器測試）');
  await choose(coordinator, '計畫', await programmeName(coordinator, 'aap2018'));
  await choose(coordinator, '頻率', '每週');
  await choose(coordinator, '星期', '星期一');
  await coordinator.getByLabel('時間').fill('08:00');

  // In words (cronstrue, zh_TW) and the next three runs as the server reads the cron: Mondays at 08:00 Taipei.
  const words = cronstrue.toString('0 8 * * 1', { locale: 'zh_TW', use24HourTimeFormat: true });
  await expect(coordinator.getByText(words)).toBeVisible();
  const runs = coordinator.getByTestId('cron-next-runs').getByRole('listitem');
  await expect(runs).toHaveCount(3);
  for (const run of await runs.allTextContents()) expect(run).toMatch(/^民國 \d+\/\d{2}\/\d{2}（\d{4}-\d{2}-\d{2}） 星期一 08:00$/);

  await coordinator.getByRole('combobox', { name: '收件人' }).click();
  await coordinator.getByRole('combobox', { name: '收件人' }).fill('viewer');
  await coordinator.getByRole('option', { name: /viewer|檢視/ }).first().click();
  await coordinator.keyboard.press('Escape');
  await checkA11y(coordinator, 'report-schedule-new');
  await shoot(coordinator, 'report-schedule-new');
  await coordinator.getByRole('button', { name: '儲存排程' }).click();
  await expect(coordinator.getByRole('heading', { level: 1 })).toHaveText('編輯定期寄送：每週一計畫執行狀況（瀏覽器測試）');
  await expect(coordinator.getByText('尚未寄送過。')).toBeVisible();

  // Edited to the 1st of each month at 09:30: the runs follow.
  await choose(coordinator, '頻率', '每月');
  await choose(coordinator, '日期', '每月 1 日');
  await coordinator.getByLabel('時間').fill('09:30');
  await expect(coordinator.getByText(cronstrue.toString('30 9 1 * *', { locale: 'zh_TW', use24HourTimeFormat: true }))).toBeVisible();
  await expect(runs).toHaveCount(3);
  for (const run of await runs.allTextContents()) expect(run).toMatch(/^民國 \d+\/\d{2}\/01（\d{4}-\d{2}-01） 星期. 09:30$/);
  const [patched] = await Promise.all([
    coordinator.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().includes('/api/report-schedules/')),
    coordinator.getByRole('button', { name: '儲存排程' }).click(),
  ]);
  expect(patched.status()).toBe(200);
  await expect(coordinator.getByText('排程已儲存。').last()).toBeVisible();

  await coordinator.getByRole('link', { name: '回到排程清單' }).click();
  const row = coordinator.getByRole('table', { name: '排程清單' }).getByRole('row', { name: /每週一計畫執行狀況/ });
  await expect(row).toContainText(cronstrue.toString('30 9 1 * *', { locale: 'zh_TW', use24HourTimeFormat: true }));
  await expect(row).toContainText('啟用');
  await checkA11y(coordinator, 'report-schedules');
  await shoot(coordinator, 'report-schedules');
});
