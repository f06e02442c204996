// 機關管理: the administrator renames an organisation and sees its former name with the dates (ROC and AD),
// then moves it; axe-clean, screenshots at desktop and 320 px. The organisation is test data made here.
import { expect, test } from './fixtures';

test('an admin renames an organisation and sees the former name with its dates', async ({ as, api, checkA11y, shoot }) => {
  const suffix = Date.now().toString(36);
  const code = `test-org-${suffix}`;
  const admin = await api('admin');
  const created = await admin.post('/api/organisations', { data: { code, name: `測試部${suffix}`, kind: 'ministry', parent: 'ey', since: '2014-03-03' } });
  expect(created.status(), await created.text()).toBe(201);

  const page = await as('admin');
  // The demo administrator reads the English interface; the names stay as the documents write them.
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Organisations' })).toBeVisible();
  await page.goto('/organisations');
  await expect(page.getByRole('heading', { level: 1, name: 'Organisations' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Organisation tree' }).getByText('國科會', { exact: true })).toBeVisible();
  await checkA11y(page, 'organisations');
  await shoot(page, 'organisations');

  await page.getByRole('combobox', { name: 'Organisation' }).fill(`測試部${suffix}`);
  await page.getByRole('option', { name: `測試部${suffix}（${code}）` }).click();
  const rename = page.getByRole('region', { name: /^Rename: / });
  await rename.getByRole('textbox', { name: 'New name', exact: true }).fill(`測試委員會${suffix}`);
  await rename.getByRole('textbox', { name: /First day of the new name/ }).fill('2022-07-27');
  await rename.getByRole('button', { name: 'Rename' }).click();
  await expect(rename.getByRole('status')).toContainText(`測試委員會${suffix}（原測試部${suffix}，至 2022-07-26）`);

  const tree = page.getByRole('region', { name: 'Organisation tree' });
  const node = tree.getByRole('listitem').filter({ hasText: `測試委員會${suffix}` }).last();
  await expect(node).toContainText(`formerly 測試部${suffix}, until 2022-07-26 (ROC 111/07/26)`);
  await expect(node).toContainText(`測試委員會${suffix} since 2022-07-27 (ROC 111/07/27)`);
  await checkA11y(page, 'organisations-renamed');
  await shoot(page, 'organisations-renamed');

  // Moved under another parent: the tree and the API agree.
  const move = page.getByRole('region', { name: /^Move under another parent: / });
  await move.getByRole('combobox', { name: 'New parent' }).fill('經濟部');
  await page.getByRole('option', { name: '經濟部（moea）' }).click();
  await move.getByRole('button', { name: 'Move' }).click();
  await expect(move.getByRole('status')).toContainText('Moved');
  const stored = await (await admin.get(`/api/organisations/${code}`)).json();
  expect([stored.parent, stored.nameWithHistory]).toEqual(['moea', `測試委員會${suffix}（原測試部${suffix}，至 2022-07-26）`]);
});
