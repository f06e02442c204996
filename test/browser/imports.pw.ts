// Import from spreadsheets as the secretariat lives it: download the template, fill it in, upload it, read
// the problem in words (an unknown ministry, with the closest names), fix it, upload again, confirm, and
// find the new sub-projects in the list.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const run = Date.now().toString(36);
const dir = mkdtempSync(join(tmpdir(), 'guankao-imports-pw-'));

async function filledTemplate(template: Buffer, leadOfFirst: string, name: string): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(template as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('細部計畫')!;
  const header = (sheet.getRow(1).values as string[]).slice(1);
  const row = (values: Record<string, string>) => sheet.addRow(header.map((h) => values[h] ?? null));
  row({ 計畫代碼: `pw-imp-${run}-1`, 計畫名稱: `瀏覽器匯入測試甲 ${run}`, 所屬方案: 'aap2', 主辦機關: leadOfFirst, 協辦機關: '數位部', 主軸: '1', 起始年度: '113', 結束年度: '115' });
  row({ 計畫代碼: `pw-imp-${run}-2`, 計畫名稱: `瀏覽器匯入測試乙 ${run}`, 所屬方案: 'aap2', 主辦機關: '數位部', 主軸: '2', 起始年度: '2024', 結束年度: '2026' });
  const file = join(dir, name);
  writeFileSync(file, Buffer.from(await workbook.xlsx.writeBuffer()));
  return file;
}

async function uploadFile(page: Page, file: string) {
  await page.locator('input[type="file"]').setInputFiles(file);
  await page.getByRole('button', { name: '上傳並預覽' }).click();
}

test('the coordinator imports sub-projects: template, preview with a problem in words, fix, confirm, list', async ({ as, checkA11y, shoot }) => {
  test.setTimeout(180_000); // three axe runs and six screenshots on a shared machine
  const coordinator = await as('coordinator');
  await coordinator.getByRole('link', { name: '匯入' }).click();
  await expect(coordinator.getByRole('heading', { level: 1, name: '由試算表匯入' })).toBeVisible();
  await coordinator.getByRole('heading', { level: 1 }).hover(); // the pointer off the menu: a hovered entry is not the page's state
  await checkA11y(coordinator, 'import screen');

  const download = coordinator.waitForEvent('download');
  await coordinator.getByRole('link', { name: '下載「細部計畫」範本（XLSX）' }).click();
  const template = readFileSync((await (await download).path())!);

  await uploadFile(coordinator, await filledTemplate(template, '經濟部技術處', 'first.xlsx'));
  await expect(coordinator.getByText('有問題 1 列')).toBeVisible();
  const problem = coordinator.getByRole('listitem').filter({ hasText: '找不到這個機關' });
  await expect(problem).toContainText('第 2 列 D 欄（主辦機關）「經濟部技術處」');
  await expect(problem).toContainText('您是否要找：技術處（經濟部技術處）');
  await expect(coordinator.getByText('預覽中仍有 1 個問題')).toBeVisible();
  await expect(coordinator.getByRole('button', { name: /確認匯入/ })).toHaveCount(0);
  await checkA11y(coordinator, 'import preview with a problem');
  await shoot(coordinator, 'imports-preview-problem');

  await uploadFile(coordinator, await filledTemplate(template, '國科會', 'fixed.xlsx'));
  await expect(coordinator.getByText('新增 2 列')).toBeVisible();
  await coordinator.getByRole('radio', { name: '全部' }).check({ force: true });
  await expect(coordinator.getByRole('cell', { name: `pw-imp-${run}-1` })).toBeVisible();
  await shoot(coordinator, 'imports-preview-ready');
  await coordinator.getByRole('button', { name: '確認匯入 2 列' }).click();
  await expect(coordinator.getByText('匯入完成：新增 2 列、變更 0 列、不變 0 列。')).toBeVisible();
  await checkA11y(coordinator, 'import done');
  await shoot(coordinator, 'imports-done');

  await coordinator.getByRole('link', { name: '查看細部計畫列表' }).click();
  await coordinator.goto(`/sub-projects?q=${encodeURIComponent(run)}`);
  await expect(coordinator.getByRole('link', { name: new RegExp(`瀏覽器匯入測試甲 ${run}`) })).toBeVisible();
  await expect(coordinator.getByRole('link', { name: new RegExp(`瀏覽器匯入測試乙 ${run}`) })).toBeVisible();
});

test('a ministry officer has no import entry and is told the screen is the secretariat\'s', async ({ as }) => {
  const officer = await as('moea-officer');
  await expect(officer.getByRole('link', { name: '匯入' })).toHaveCount(0);
  await officer.goto('/imports');
  await expect(officer.getByText('只有管考單位（執行秘書室）可以匯入。')).toBeVisible();
});
