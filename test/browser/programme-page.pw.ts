// The programme page: the 2018 plan's tree and its 表8 budget with every subtotal and the printed totals checked
// against the sums; the 2.0 plan's √/△ marks in words; the discrepancies recorded from the documents.
import { expect, test } from './fixtures';
import { TABLE_8, TABLE_8_TOTALS } from '../support/table8';

test('the 2018 programme page reproduces 表8 with its subtotals and checks the printed totals', async ({ as, checkA11y, shoot }) => {
  test.setTimeout(150_000);
  const viewer = await as('viewer');
  await viewer.getByRole('navigation', { name: '主選單' }).getByRole('link', { name: '計畫', exact: true }).click();
  await viewer.mouse.move(1200, 10);
  const main = viewer.getByRole('main');
  await expect(main.getByRole('heading', { level: 1 })).toHaveText('行動計畫');
  await checkA11y(viewer, 'programme-list');
  await main.getByRole('link', { name: '臺灣 AI 行動計畫', exact: true }).click();
  await expect(viewer).toHaveURL(/\/programmes\/aap2018$/);
  await expect(main.getByRole('heading', { level: 1 })).toHaveText('臺灣 AI 行動計畫');
  await expect(main.getByText('民國 107–110 年（2018–2021）').first()).toBeVisible();

  // 表8: each axis's 107–110 既有/新增, 合計 既有/新增 and 預算總額, exactly as printed.
  const table = main.getByRole('table', { name: '各主軸年度經費（億元）' });
  for (const [axis, figures] of TABLE_8) {
    const row = table.getByRole('row').filter({ has: viewer.getByRole('rowheader', { name: axis, exact: true }) });
    await expect(row.getByRole('cell')).toHaveText(figures);
  }
  for (const [label, figures] of TABLE_8_TOTALS) {
    const row = table.getByRole('row').filter({ has: viewer.getByRole('rowheader', { name: label, exact: true }) });
    await expect(row.getByRole('cell')).toHaveText(figures);
  }
  // Every printed total is checked against the sum, in words.
  const checks = main.getByRole('table', { name: '計畫書印製的總計與加總核對' });
  // Per axis 合計 既有, 合計 新增 and 預算總額; every figure of the three total rows.
  const printed = TABLE_8.length * 3 + TABLE_8_TOTALS.reduce((n, [, figures]) => n + figures.length, 0);
  await expect(checks.getByRole('row')).toHaveCount(printed + 1);
  await expect(checks.getByText('✓ 相符')).toHaveCount(printed);
  await expect(main.getByText(`全部 ${printed} 個印製總計都與加總相符。`)).toBeVisible();
  await expect(checks.getByRole('row').filter({ hasText: '合計' }).filter({ hasText: '366.24' }).first()).toBeVisible();

  // The discrepancies recorded from the documents.
  await expect(main.getByRole('heading', { name: '來源資料不一致之處' })).toBeVisible();
  await expect(main.getByText(/本行動方案預期未來四年投入約 360 億元/)).toBeVisible();
  await checkA11y(viewer, 'programme-aap2018');
  await shoot(viewer, 'programme-aap2018');
});

test('the 2.0 programme page shows axes, focus areas with their organisations, key results and √/△ marks in words', async ({ as, checkA11y, shoot }) => {
  test.setTimeout(150_000);
  const viewer = await as('viewer');
  await viewer.goto('/programmes/aap2');
  const main = viewer.getByRole('main');
  await expect(main.getByRole('heading', { level: 1 })).toHaveText('臺灣 AI 行動計畫 2.0');
  await expect(main.getByRole('heading', { name: /^主軸 1：/ })).toBeVisible();
  await expect(main.getByText('標記依計畫書圖例：√ 表示該範疇為本計畫的主要工作；△ 表示計畫內容涉及該範疇。')).toBeVisible();
  // A mark is never the symbol alone.
  await expect(main.getByText(/^√ 主要工作：.+/).first()).toBeVisible();
  await expect(main.getByText(/^△ 內容涉及：.+/).first()).toBeVisible();
  await expect(main.getByText(/^負責機關：.+/).first()).toBeVisible();
  await expect(main.getByRole('table', { name: '主軸 1 的關鍵成果' }).getByRole('columnheader', { name: '年度實績' })).toBeVisible();
  await checkA11y(viewer, 'programme-aap2');
  await shoot(viewer, 'programme-aap2');
});
