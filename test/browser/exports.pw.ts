// Exports from the sub-project list: the secretariat downloads the filtered list as CSV (Excel reads it as UTF-8
// through its BOM) and as XLSX with its Chinese file name; a ministry's officer gets only its own organisation's rows.
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

async function exportAs(page: Page, format: RegExp) {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '匯出目前篩選的清單' }).click();
  await page.getByRole('menuitem', { name: format }).click();
  const file = await download;
  await expect(page.getByText(`已下載 ${file.suggestedFilename()}`)).toBeVisible();
  return { name: file.suggestedFilename(), bytes: readFileSync((await file.path())!) };
}

test('the secretariat exports the filtered sub-project list as CSV and XLSX', async ({ as, checkA11y, shoot }) => {
  const coordinator = await as('coordinator');
  await coordinator.goto('/sub-projects?programme=aap2&ministry=moea');
  await expect(coordinator.getByRole('table', { name: '細部計畫清單' }).getByRole('link').first()).toBeVisible();

  const csv = await exportAs(coordinator, /CSV/);
  expect(csv.name).toMatch(/^細部計畫_\d{4}-\d{2}-\d{2}\.csv$/);
  expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = csv.bytes.toString('utf8').slice(1).trim().split('\r\n');
  expect(lines[0]).toMatch(/^計畫編號,細部計畫名稱,行動計畫,主軸,主辦機關/);
  expect(lines.length).toBeGreaterThan(1);
  // Every row is of the filter (經濟部 leads or co-organises it), as on the screen.
  const { count } = await (await coordinator.request.get('/api/sub-projects?programme=aap2&ministry=moea&limit=200')).json().then((b) => ({ count: b.items.length }));
  expect(lines.length - 1).toBe(count);

  const xlsx = await exportAs(coordinator, /Excel 活頁簿/);
  expect(xlsx.name).toMatch(/^細部計畫_\d{4}-\d{2}-\d{2}\.xlsx$/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
  expect(workbook.worksheets[0].name).toBe('細部計畫');
  expect(workbook.worksheets[0].getRow(1).getCell(1).value).toBe('計畫編號');
  expect(workbook.worksheets[0].rowCount).toBe(lines.length);

  await shoot(coordinator, 'exports-done');
  // The menu opens and is used from the keyboard.
  await coordinator.getByRole('button', { name: '匯出目前篩選的清單' }).focus();
  await coordinator.keyboard.press('Enter');
  await expect(coordinator.getByRole('menuitem', { name: /CSV/ })).toBeVisible();
  await checkA11y(coordinator, 'sub-project list with the export menu open');
  await coordinator.keyboard.press('Escape');
  await expect(coordinator.getByRole('menuitem', { name: /CSV/ })).toBeHidden();
});

test('a ministry officer\'s export holds only its own organisation\'s sub-projects', async ({ as }) => {
  const officer = await as('moda-officer');
  await officer.goto('/sub-projects');
  await expect(officer.getByRole('table', { name: '細部計畫清單' }).getByRole('link').first()).toBeVisible();
  const csv = await exportAs(officer, /CSV/);
  const rows = csv.bytes.toString('utf8').slice(1).trim().split('\r\n').slice(1);
  expect(rows.length).toBeGreaterThan(0);
  const codes = rows.map((r) => r.split(',')[0]);
  const visible = await officer.request.get('/api/sub-projects?limit=200').then((r) => r.json()) as { items: { code: string }[] };
  expect(codes.sort()).toEqual(visible.items.map((i) => i.code).sort());
  // None led by another ministry without 數位發展部 (moda) taking part.
  for (const code of codes) {
    const detail = await officer.request.get(`/api/sub-projects/${code}`);
    expect(detail.status()).toBe(200);
  }
});

test('a meeting\'s resolution tracking and a sub-project\'s milestones download from their pages', async ({ as }) => {
  const coordinator = await as('coordinator');
  const meetings = (await (await coordinator.request.get('/api/meetings')).json()) as { code: string; name: string; resolutionCount: number }[];
  const meeting = meetings.find((m) => m.resolutionCount > 0)!;
  await coordinator.goto(`/meetings/${meeting.code}`);
  const tracking = await exportAs(coordinator, /CSV/);
  expect(tracking.name).toMatch(/^會議決議列管_\d{4}-\d{2}-\d{2}\.csv$/);
  const rows = tracking.bytes.toString('utf8').slice(1).trim().split('\r\n');
  expect(rows[0]).toMatch(/^會議,會議日期（民國）,會議日期（西元）,決議編號,決議,/);
  expect(rows.length).toBeGreaterThan(1);
  // Only this meeting's resolutions (its name leads every row).
  for (const row of rows.slice(1)) expect(row.startsWith(meeting.name.includes(',') ? `"${meeting.name}"` : meeting.name)).toBe(true);

  // The first of the 2018 plan's roadmap rows that has milestones.
  const list = (await (await coordinator.request.get('/api/sub-projects?programme=aap2018&limit=50')).json()) as { items: { code: string }[] };
  let code = '';
  let detail: { milestones: unknown[] } = { milestones: [] };
  for (const item of list.items) {
    detail = (await (await coordinator.request.get(`/api/sub-projects/${item.code}`)).json()) as { milestones: unknown[] };
    code = item.code;
    if (detail.milestones.length > 0) break;
  }
  expect(detail.milestones.length).toBeGreaterThan(0);
  await coordinator.goto(`/sub-projects/${code}`);
  const milestones = await exportAs(coordinator, /CSV/);
  expect(milestones.name).toMatch(/^查核點_\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = milestones.bytes.toString('utf8').slice(1).trim().split('\r\n').slice(1);
  expect(lines).toHaveLength(detail.milestones.length);
  for (const line of lines) expect(line.startsWith(`${code},`)).toBe(true);
});
