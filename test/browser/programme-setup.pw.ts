// 計畫設定: the coordinator creates a programme with an axis and a key result (an exact target), then copies a
// seeded programme (AI小國大戰略) and sees its sub-projects as drafts; axe-clean, screenshots at desktop and 320 px.
// Programmes made here are test data.
import { expect, test } from './fixtures';

test('a coordinator creates a programme with an axis and a key result, then copies a seeded programme', async ({ as, checkA11y, shoot }) => {
  test.setTimeout(120_000);
  const suffix = Date.now().toString(36);
  const page = await as('coordinator');
  await expect(page.getByRole('navigation').getByRole('link', { name: '計畫設定' })).toBeVisible();
  await page.goto('/programme-setup');
  await expect(page.getByRole('heading', { level: 1, name: '計畫設定' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'AI小國大戰略' })).toBeVisible();
  await checkA11y(page, 'programme-setup-list');
  await shoot(page, 'programme-setup-list');

  // 新增計畫, with the form's own checks first.
  await page.getByRole('button', { name: '新增計畫' }).click();
  const create = page.getByRole('region', { name: '新增計畫' });
  await create.getByRole('button', { name: '建立計畫' }).click();
  await expect(create.getByText('請填寫這個欄位')).toBeVisible();
  await expect(create.getByText('請輸入西元年，例如 2027')).toBeVisible();
  await create.getByRole('textbox', { name: '計畫名稱' }).fill(`測試計畫${suffix}`);
  await create.getByRole('textbox', { name: '代碼（選填）' }).fill(`test-pw-${suffix}`);
  await create.getByRole('textbox', { name: '起始年（西元）' }).fill('2027');
  await create.getByRole('textbox', { name: /結束年/ }).fill('2030');
  await checkA11y(page, 'programme-setup-new');
  await create.getByRole('button', { name: '建立計畫' }).click();
  await expect(page).toHaveURL(new RegExp(`/programme-setup/test-pw-${suffix}$`));
  await expect(page.getByRole('heading', { level: 1, name: `測試計畫${suffix}` })).toBeVisible();
  await expect(page.getByText('設定中', { exact: true })).toBeVisible();

  await page.getByRole('textbox', { name: '主軸名稱' }).fill('測試主軸：智慧應用');
  await page.getByRole('button', { name: '新增主軸' }).click();
  await expect(page.getByRole('heading', { name: '1. 測試主軸：智慧應用' })).toBeVisible();

  const kr = page.getByRole('region', { name: '關鍵成果與指標' });
  await kr.getByRole('textbox', { name: '關鍵成果', exact: true }).fill('測試關鍵成果：培育人才');
  await kr.getByRole('textbox', { name: '目標值' }).fill('1.5e3');
  await kr.getByRole('button', { name: '新增關鍵成果' }).click();
  await expect(kr.getByText('請輸入數字，例如 600 或 12345678901.23（小數最多 4 位）')).toBeVisible();
  await kr.getByRole('textbox', { name: '目標值' }).fill('12345678901.23');
  await kr.getByRole('button', { name: '新增關鍵成果' }).click();
  await expect(kr.getByRole('listitem').filter({ hasText: '測試關鍵成果：培育人才' })).toContainText('2027：12345678901.23');
  await checkA11y(page, 'programme-setup-detail');
  await shoot(page, 'programme-setup-detail');

  // 複製 a seeded programme: its sub-projects arrive as drafts.
  await page.getByRole('link', { name: '回到計畫設定' }).click();
  await page.getByRole('button', { name: '複製：AI小國大戰略' }).click();
  const copy = page.getByRole('region', { name: '複製「AI小國大戰略」' });
  await copy.getByRole('textbox', { name: '計畫名稱' }).fill(`AI小國大戰略（測試複製${suffix}）`);
  await copy.getByRole('textbox', { name: '代碼', exact: true }).fill(`test-copy-${suffix}`);
  await copy.getByRole('textbox', { name: '起始年（西元）' }).fill('2027');
  await checkA11y(page, 'programme-setup-copy');
  await copy.getByRole('button', { name: '建立複本' }).click();
  await expect(page).toHaveURL(new RegExp(`/programme-setup/test-copy-${suffix}$`));
  await expect(page.getByText('推定（非文件所載）', { exact: false })).toBeVisible();
  const subProjects = page.getByRole('region', { name: /^子計畫/ });
  await expect(subProjects.getByRole('heading')).toHaveText('子計畫（5）');
  const row = subProjects.getByRole('row').filter({ hasText: '半導體射月計畫' });
  await expect(row).toContainText(`test-copy-${suffix}-sp-4`);
  await expect(row).toContainText('草稿');
  await expect(subProjects.getByRole('row').filter({ hasText: '草稿' })).toHaveCount(5);
  await checkA11y(page, 'programme-setup-copied');
  await shoot(page, 'programme-setup-copied');
});
