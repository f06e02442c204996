// 我的待辦 by role: 經濟部's officer sees their groups and counts, opens a milestone and asks for a new due date;
// the coordinator finds the request in 我的待辦 and rejects it with a reason; the officer sees the decision.
// 數位部's officer sees none of it, and cannot open 經濟部's milestone by URL.
import type { APIRequestContext } from '@playwright/test';
import { expect, test } from './fixtures';

const taipeiToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

async function ok(response: Promise<import('@playwright/test').APIResponse>, status = 200): Promise<any> {
  const r = await response;
  expect(r.status(), `${r.url()}: ${await r.text()}`).toBe(status);
  return r.json();
}

/** A sub-project of its own (other browser tests use the seeded ones), assigned to and acknowledged by 經濟部, with two milestones. */
async function givenMoeaWork(coordinator: APIRequestContext, officer: APIRequestContext) {
  const tag = Date.now().toString(36);
  const created = await ok(coordinator.post('/api/sub-projects', { data: { programme: 'aap2', name: `待辦測試計畫 ${tag}`, axes: ['aap2-axis-2'] } }), 201);
  const assigned = await ok(coordinator.post(`/api/sub-projects/${created.code}/assign`, { data: { version: created.version, lead: 'moea' } }));
  await ok(officer.post(`/api/sub-projects/${created.code}/acknowledge`, { data: { version: assigned.version } }));
  const milestone = async (deliverable: string, days: number) =>
    (await ok(coordinator.post(`/api/sub-projects/${created.code}/milestones`, { data: { deliverable, dueDate: addDays(taipeiToday(), days) } }), 201)) as { code: string };
  const soon = await milestone(`完成晶片人才培訓 ${tag}`, 7);
  const overdue = await milestone(`完成輔導成果報告 ${tag}`, -2);
  return { subProject: created.code as string, soon: { ...soon, deliverable: `完成晶片人才培訓 ${tag}` }, overdue: { ...overdue, deliverable: `完成輔導成果報告 ${tag}` } };
}

test('the officer asks for a new due date from 我的待辦; the coordinator rejects it with a reason; the officer sees the decision', async ({
  as, api, checkA11y, shoot,
}) => {
  test.setTimeout(180_000);
  const work = await givenMoeaWork(await api('coordinator'), await api('moea-officer'));
  const officerApi = await api('moea-officer');

  // 我的待辦: the officer's groups, the overdue milestone first, the count in the navigation.
  const officer = await as('moea-officer');
  await officer.goto('/');
  await expect(officer.getByRole('heading', { level: 1 })).toHaveText('我的待辦');
  await expect(officer.getByRole('heading', { name: '承辦人待辦' })).toBeVisible();
  const milestones = officer.getByRole('region', { name: /即將到期與逾期的查核點/ });
  await expect(milestones.getByRole('link', { name: work.overdue.deliverable })).toBeVisible();
  await expect(milestones.getByRole('link', { name: work.soon.deliverable })).toBeVisible();
  await expect(milestones.getByRole('listitem').filter({ hasText: work.overdue.deliverable }).getByText('逾期 2 天')).toBeVisible();
  await expect(milestones.getByRole('listitem').filter({ hasText: work.soon.deliverable }).getByText('剩 7 天')).toBeVisible();
  await expect(officer.getByRole('region', { name: /待確認的分派/ })).toBeVisible();
  const { counts } = await ok(officerApi.get('/api/me/work'));
  await expect(officer.getByRole('navigation', { name: '主選單' }).getByRole('link', { name: /我的待辦/ })).toContainText(`${counts.total} 件待辦`);
  await expect(milestones.getByRole('heading')).toContainText(String(counts.milestones));
  await checkA11y(officer, 'my-work-officer');
  await shoot(officer, 'my-work-officer');

  // The milestone page: its sub-project, due date and status; the request form.
  await milestones.getByRole('link', { name: work.soon.deliverable }).click();
  await expect(officer.getByRole('heading', { level: 1 })).toHaveText(work.soon.deliverable);
  await expect(officer.getByText(`查核點 ${work.soon.code}`)).toBeVisible();
  await expect(officer.getByRole('button', { name: '開始填報' })).toBeVisible();
  await expect(officer.getByText('這個查核點沒有展延申請。')).toBeVisible();
  // Nothing filled in: the form says what is missing next to each field and sends nothing.
  await officer.getByRole('button', { name: '送出展延申請' }).click();
  await expect(officer.getByText('請選擇新的到期日。')).toBeVisible();
  await expect(officer.getByText('請填寫申請理由。')).toBeVisible();
  const newDate = addDays(taipeiToday(), 60);
  await officer.getByRole('textbox', { name: '新的到期日' }).fill(newDate);
  await officer.getByRole('textbox', { name: '新的到期日' }).press('Tab');
  await expect(officer.getByText(`您選擇的日期：民國`)).toBeVisible();
  await officer.getByLabel('申請理由').fill('主要設備延遲交貨，預計延後兩個月完成。');
  await checkA11y(officer, 'milestone-request-form');
  await officer.getByRole('button', { name: '送出展延申請' }).click();
  await expect(officer.getByText('已送出展延申請，待執行秘書室決定。')).toBeVisible();
  const requests = officer.getByRole('table');
  await expect(requests.getByRole('row').filter({ hasText: '主要設備延遲交貨' }).getByText('待決定')).toBeVisible();
  await expect(officer.getByText('已有一件展延申請待決定，決定後才能再提出。')).toBeVisible();
  await shoot(officer, 'milestone-officer');

  // The coordinator: the request in 我的待辦, then the decision with a required reason.
  const coordinator = await as('coordinator');
  await coordinator.goto('/');
  await expect(coordinator.getByRole('heading', { name: '執行秘書室待辦' })).toBeVisible();
  const pending = coordinator.getByRole('region', { name: /待決定的展延申請/ });
  await expect(pending.getByRole('listitem').filter({ hasText: work.soon.deliverable }).getByText('主要設備延遲交貨', { exact: false })).toBeVisible();
  await checkA11y(coordinator, 'my-work-coordinator');
  await shoot(coordinator, 'my-work-coordinator');
  await pending.getByRole('link', { name: work.soon.deliverable }).click();
  await expect(coordinator.getByRole('heading', { level: 1 })).toHaveText(`展延申請：${work.soon.deliverable}`);
  await expect(coordinator.getByText('待決定')).toBeVisible();
  await checkA11y(coordinator, 'due-date-change-coordinator');
  await coordinator.getByRole('button', { name: '駁回申請' }).click();
  await expect(coordinator.getByText('請填寫決定理由。')).toBeVisible();
  await coordinator.getByLabel('決定理由').fill('請先完成採購程序，再提出展延。');
  await coordinator.getByRole('button', { name: '駁回申請' }).click();
  await expect(coordinator.getByText('已駁回展延申請。')).toBeVisible();
  await expect(coordinator.getByText('已駁回', { exact: true })).toBeVisible();
  await expect(coordinator.getByText('請先完成採購程序，再提出展延。')).toBeVisible();
  await expect(coordinator.getByRole('button', { name: '駁回申請' })).toHaveCount(0);
  await shoot(coordinator, 'due-date-change-decided');
  await coordinator.goto('/');
  await expect(coordinator.getByRole('region', { name: /待決定的展延申請/ }).getByRole('link', { name: work.soon.deliverable })).toHaveCount(0);

  // The officer sees the decision and its reason in 我的待辦.
  await officer.goto('/');
  const mine = officer.getByRole('region', { name: /我的展延申請/ }).getByRole('listitem').filter({ hasText: work.soon.deliverable });
  await expect(mine.getByText('已駁回')).toBeVisible();
  await expect(mine.getByText('決定理由：請先完成採購程序，再提出展延。')).toBeVisible();

  // Starting the submission of the overdue milestone opens it.
  await officer.getByRole('region', { name: /即將到期與逾期的查核點/ }).getByRole('link', { name: work.overdue.deliverable }).click();
  await expect(officer.getByRole('heading', { level: 1 })).toHaveText(work.overdue.deliverable);
  await expect(officer.getByText('逾期', { exact: true })).toBeVisible();
  await checkA11y(officer, 'milestone-overdue');
  await officer.getByRole('button', { name: '開始填報' }).click();
  await expect(officer).toHaveURL(/\/submissions\/[0-9a-f-]{36}$/);
});

test('數位部\'s officer sees none of 經濟部\'s work and cannot open its milestone', async ({ as, api, checkA11y, shoot, expectFailedRequests }) => {
  const work = await givenMoeaWork(await api('coordinator'), await api('moea-officer'));
  const moda = await as('moda-officer');
  await moda.goto('/');
  await expect(moda.getByRole('heading', { name: '承辦人待辦' })).toBeVisible();
  await expect(moda.getByText('您代表的機關：數位部')).toBeVisible();
  await expect(moda.getByRole('main')).not.toContainText(work.subProject);
  await expect(moda.getByRole('main')).not.toContainText(work.overdue.deliverable);

  // 404 like an unknown code: another ministry may not learn that the milestone exists.
  expectFailedRequests(moda, { path: `/api/milestones/${work.overdue.code}`, status: 404 });
  await moda.goto(`/milestones/${work.overdue.code}`);
  await expect(moda.getByText('無法開啟這個查核點。')).toBeVisible();
  await expect(moda.getByRole('alert')).toContainText('找不到這筆資料');
  await expect(moda.getByRole('main')).not.toContainText(work.overdue.deliverable);
  await checkA11y(moda, 'milestone-hidden');
  await shoot(moda, 'milestone-hidden');
});
