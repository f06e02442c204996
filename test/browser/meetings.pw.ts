// 會議決議列管 in the browser: the coordinator records a meeting and two resolutions; 經濟部 reports a follow-up
// asking for release and is released; 數位部 asks for release of the other and is kept (the reason required, in
// words); the next meeting of the same body lists the kept item as 續列. A co-assigned ministry sees the other's
// status, never its follow-up. axe and screenshots on every screen.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** Picks an option of a Mantine Select / MultiSelect by its label, typing to search first. */
async function choose(page: Page, label: string | RegExp, option: string, type?: string): Promise<void> {
  const box = page.getByRole('main').getByRole('combobox', { name: label });
  await box.click();
  if (type) await box.fill(type);
  await page.getByRole('option', { name: option, exact: true }).click();
  await page.keyboard.press('Escape');
}

/** Records a meeting of 行政院數位國家創新經濟推動小組 (no seeded meetings: nothing else carries over) through the form. */
async function newMeeting(page: Page, name: string, heldOn: string): Promise<string> {
  await page.goto('/meetings');
  await page.getByRole('button', { name: '新增會議' }).click();
  await choose(page, /召開單位/, '行政院數位國家創新經濟推動小組', '數位國家');
  await page.getByLabel(/會議名稱/).fill(name);
  await page.getByLabel(/會議日期/).fill(heldOn);
  await page.getByRole('button', { name: '建立會議' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  return new URL(page.url()).pathname;
}

async function newResolution(page: Page, text: string, organisations: string[]): Promise<void> {
  const form = page.getByRole('form', { name: '新增決議' });
  await form.getByLabel(/決議內容/).fill(text);
  for (const org of organisations) await choose(page, /列管機關/, org, org);
  await form.getByRole('button', { name: '新增決議' }).click();
  await expect(page.getByTestId('agenda-item').filter({ hasText: text })).toBeVisible();
  await expect(form.getByLabel(/決議內容/)).toHaveValue('');
}

const agendaItem = (page: Page, text: string) => page.getByTestId('agenda-item').filter({ hasText: text });

test('a resolution followed up and released, another kept with its reason and carried over to the next meeting', async ({ as, checkA11y, shoot, expectFailedRequests }) => {
  test.setTimeout(240_000);
  const tag = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
  // A day in 2097 of this run's own: the second meeting is held a week later.
  const day = 1 + Math.floor(Math.random() * 20);
  const first = `2097-03-${String(day).padStart(2, '0')}`;
  const second = `2097-03-${String(day + 7).padStart(2, '0')}`;
  const shared = `請經濟部與數位部共同推動資料開放（瀏覽器測試 ${tag}）`;
  const modaOnly = `請數位部提出資安人才培育計畫（瀏覽器測試 ${tag}）`;

  const coordinator = await as('coordinator');
  await coordinator.goto('/meetings');
  await expect(coordinator.getByRole('heading', { level: 1 })).toHaveText('會議決議列管');
  await expect(coordinator.getByRole('link', { name: '會議決議', exact: true })).toHaveAttribute('aria-current', 'page');
  await checkA11y(coordinator, 'meetings-list');
  await shoot(coordinator, 'meetings-list');

  const meetingPath = await newMeeting(coordinator, `數位推動小組第一次會議（瀏覽器測試 ${tag}）`, first);
  await newResolution(coordinator, shared, ['經濟部', '數位部']);
  await newResolution(coordinator, modaOnly, ['數位部']);
  await expect(agendaItem(coordinator, shared)).toContainText('經濟部');
  await expect(agendaItem(coordinator, shared)).toContainText('列管中');
  await checkA11y(coordinator, 'meeting');
  await shoot(coordinator, 'meeting');

  // 經濟部 reports and asks for release.
  const moea = await as('moea-officer');
  await moea.goto(meetingPath);
  await expect(agendaItem(moea, modaOnly)).toHaveCount(0);
  await agendaItem(moea, shared).getByRole('link', { name: /查看與辦理/ }).click();
  await expect(moea.getByRole('heading', { level: 1 })).toHaveText(/^決議 /);
  const sharedPath = new URL(moea.url()).pathname;
  await moea.getByRole('textbox', { name: /^辦理情形/ }).fill(`經濟部已開放 12 項資料集（瀏覽器測試 ${tag}）`);
  await moea.getByRole('checkbox', { name: /同時申請解除列管/ }).check();
  await checkA11y(moea, 'resolution-follow-up');
  await shoot(moea, 'resolution-follow-up');
  await moea.getByRole('button', { name: '送出辦理情形' }).click();
  await expect(moea.getByTestId('assignment').filter({ hasText: '經濟部（貴機關）' })).toContainText('申請解除列管');
  await expect(moea.getByTestId('follow-up')).toContainText('經濟部已開放 12 項資料集');

  // 數位部, co-assigned: sees 經濟部's status, not its follow-up; asks for release of its own item.
  const moda = await as('moda-officer');
  expectFailedRequests(moda, { path: /\/api\/resolutions\/[^/]+$/, status: 404 });
  await moda.goto(sharedPath);
  await expect(moda.getByTestId('assignment').filter({ hasText: '經濟部' })).toContainText('申請解除列管');
  await expect(moda.getByTestId('assignment').filter({ hasText: '經濟部' })).toContainText('其他機關的列管紀錄不公開。');
  await expect(moda.getByRole('region', { name: '辦理情形', exact: true })).not.toContainText('經濟部已開放');
  await moda.goto(meetingPath);
  await agendaItem(moda, modaOnly).getByRole('link', { name: /查看與辦理/ }).click();
  const modaOnlyPath = new URL(moda.url()).pathname;
  await moda.getByRole('textbox', { name: /^辦理情形/ }).fill(`數位部已完成計畫草案（瀏覽器測試 ${tag}）`);
  await moda.getByRole('checkbox', { name: /同時申請解除列管/ }).check();
  await moda.getByRole('button', { name: '送出辦理情形' }).click();
  await expect(moda.getByTestId('assignment').filter({ hasText: '數位部（貴機關）' })).toContainText('申請解除列管');
  // 經濟部 is not assigned that one: it does not exist for it.
  expectFailedRequests(moea, { path: /\/api\/resolutions\/[^/]+$/, status: 404 });
  await moea.goto(modaOnlyPath);
  await expect(moea.getByRole('heading', { level: 1 })).toHaveText('無法載入這項決議。');

  // The coordinator releases 經濟部 and keeps 數位部 (the reason is required, said in words).
  await coordinator.goto(sharedPath);
  await expect(coordinator.getByTestId('follow-up')).toContainText('經濟部已開放 12 項資料集');
  const moeaCard = coordinator.getByTestId('assignment').filter({ hasText: '經濟部' });
  await moeaCard.getByRole('button', { name: '解除列管' }).click();
  await expect(moeaCard).toContainText('已解除列管');
  await expect(coordinator.getByTestId('assignment').filter({ hasText: '數位部' })).toContainText('列管中');

  await coordinator.goto(modaOnlyPath);
  const modaCard = coordinator.getByTestId('assignment').filter({ hasText: '數位部' });
  await modaCard.getByRole('button', { name: '繼續列管' }).click();
  await expect(modaCard.getByText('繼續列管時必須說明原因。')).toBeVisible();
  await modaCard.getByLabel(/說明（數位部）/).fill('計畫草案尚缺經費規劃，請於下次會議前補充。');
  await checkA11y(coordinator, 'resolution-decide');
  await shoot(coordinator, 'resolution-decide');
  await modaCard.getByRole('button', { name: '繼續列管' }).click();
  await expect(modaCard).toContainText('最近一次：繼續列管');
  await expect(modaCard).toContainText('計畫草案尚缺經費規劃，請於下次會議前補充。');
  await expect(modaCard.getByText('列管中', { exact: true })).toBeVisible();

  // The next meeting of the same body: the kept item is 續列, and the shared one only for 數位部 (經濟部 is released).
  await newMeeting(coordinator, `數位推動小組第二次會議（瀏覽器測試 ${tag}）`, second);
  const carried = agendaItem(coordinator, modaOnly);
  await expect(carried).toContainText('續列');
  await expect(carried).toContainText(`原案：數位推動小組第一次會議（瀏覽器測試 ${tag}）`);
  await expect(carried.getByTestId('agenda-assignments')).toHaveText('數位部列管中');
  const sharedCarried = agendaItem(coordinator, shared);
  await expect(sharedCarried).toContainText('續列');
  await expect(sharedCarried.getByTestId('agenda-assignments')).toHaveText('數位部列管中');
  await checkA11y(coordinator, 'meeting-carried-over');
  await shoot(coordinator, 'meeting-carried-over');
});
