// The inbox (通知) with the real worker: a reminder sweep the worker runs puts a reminder in the officer's inbox
// and the navigation's unread count goes up; opening it marks it read and the count goes down. The preferences
// screen and the calendar feed, with axe and screenshots.
import { Queue } from 'bullmq';
import pg from 'pg';
import { expect, test } from './fixtures';
import { waitForMail } from './mailbox';

const SUB_PROJECT = 'aap2-sp-12'; // 經濟部 leads (assigned: reminded)
const OFFICER_EMAIL = 'moea.officer@demo.guankao.tw';

async function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: process.env.GUANKAO_BROWSER_DATABASE_URL });
  await client.connect();
  try {
    return (await client.query(text, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Enqueues the reminder sweep for `day` on the worker's own queue, as its daily cron tick would. */
async function runReminderSweep(day: string): Promise<void> {
  const queue = new Queue('sweeps', { connection: { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' }, prefix: process.env.GUANKAO_BROWSER_QUEUE_PREFIX });
  try {
    await queue.add('reminder.sweep', { day });
  } finally {
    await queue.close();
  }
}

/** The navigation's 通知 link, whose name carries the unread count ("通知 3 則未讀"). */
const inboxNav = (page: import('@playwright/test').Page) => page.getByRole('navigation').getByRole('link', { name: /^通知/ });
const unreadIn = async (page: import('@playwright/test').Page): Promise<number> => {
  const text = (await inboxNav(page).textContent()) ?? '';
  const match = /(\d+)\s*則未讀/.exec(text);
  return match ? Number(match[1]) : 0;
};

test('a reminder from a real sweep reaches the inbox, the unread count follows, opening it marks it read', async ({ as, checkA11y, shoot }) => {
  test.setTimeout(120_000);
  // A milestone of its own, due on a day no other test sweeps: the sweep 7 days before reminds the officers.
  const stamp = Date.now().toString(36);
  const code = `inbox-pw-${stamp}`;
  const deliverable = `收件匣瀏覽器測試查核點 ${stamp}`;
  const due = '2099-03-08';
  await sql(
    `INSERT INTO milestone (code, sub_project_id, seq, fiscal_year, due_date, deliverable)
     SELECT $1, id, 9000 + floor(random() * 100000)::int, 2099, $2, $3 FROM sub_project WHERE code = $4`,
    [code, due, deliverable, SUB_PROJECT],
  );

  const officer = await as('moea-officer');
  await officer.goto('/inbox');
  await expect(officer.getByRole('heading', { level: 1, name: '通知' })).toBeVisible();
  await expect(officer.getByText(/^未讀 \d+ 則$/)).toBeVisible();
  const before = await unreadIn(officer);

  await runReminderSweep('2099-03-01');
  // The worker recorded it and sent the email: the inbox shows it (its list refetches when the window regains focus).
  await waitForMail(OFFICER_EMAIL, (m) => m.subject.includes(deliverable));
  await officer.reload();
  const title = `查核點即將到期：${deliverable}（${code}）`;
  const item = officer.getByRole('listitem').filter({ hasText: title });
  await expect(item).toBeVisible();
  await expect(item.getByText('未讀', { exact: true })).toBeVisible();
  await expect(item.getByText('Email 已寄出')).toBeVisible();
  await expect(item).toContainText('民國 188 年 3 月 8 日（2099-03-08）');
  await expect.poll(() => unreadIn(officer)).toBe(before + 1);
  await checkA11y(officer, 'inbox');
  await shoot(officer, 'inbox');

  // Opening it marks it read; back in the inbox it says so and the count is one less.
  await item.getByRole('link', { name: title }).click();
  await expect(officer).toHaveURL(new RegExp(`/milestones/${code}$`));
  await expect.poll(() => unreadIn(officer)).toBe(before);
  await officer.goto('/inbox');
  await expect(officer.getByRole('listitem').filter({ hasText: title }).getByText('已讀', { exact: true })).toBeVisible();
  const [{ read }] = await sql<{ read: boolean }>(
    // The officer's row: the supervisor was reminded too, and has not opened it.
    `SELECT n.read_at IS NOT NULL AS read FROM notification n JOIN milestone m ON m.id = n.milestone_id JOIN app_user u ON u.id = n.recipient_user_id
      WHERE m.code = $1 AND u.email = $2`, [code, OFFICER_EMAIL],
  );
  expect(read).toBe(true);

  // Only unread, then mark all read: the badge disappears.
  await officer.getByText('只看未讀', { exact: true }).click();
  await expect(officer.getByRole('listitem').filter({ hasText: title })).toHaveCount(0);
  if (before > 0) {
    await officer.getByRole('button', { name: '全部標為已讀' }).click();
    await expect(officer.getByText(/^已將 \d+ 則通知標為已讀。$/)).toBeVisible();
  }
  await expect(officer.getByText('沒有未讀的通知。')).toBeVisible();
  await expect.poll(() => unreadIn(officer)).toBe(0);
});

test('notification settings: per kind, escalations locked in words; the calendar feed URL works, and revoked answers 404', async ({ as, checkA11y, shoot, request }) => {
  const page = await as('moda-officer');
  await page.goto('/inbox/preferences');
  await expect(page.getByRole('heading', { level: 1, name: '通知設定' })).toBeVisible();
  await expect(page.getByText('一律立即寄送：逾期通報無法關閉或改為摘要。').first()).toBeVisible();
  await page.getByRole('combobox', { name: '查核點即將到期' }).click();
  await page.getByRole('option', { name: '每日摘要' }).click();
  await page.getByRole('button', { name: '儲存設定' }).click();
  await expect(page.getByText('通知設定已儲存。')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('combobox', { name: '查核點即將到期' })).toHaveValue('每日摘要');

  await page.getByRole('button', { name: '開啟並產生網址' }).click();
  const url = await page.getByRole('textbox', { name: '您的行事曆網址' }).inputValue();
  expect(url).toMatch(/\/api\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
  await expect(page.getByText(/^行事曆訂閱已開啟/)).toBeVisible();
  await checkA11y(page, 'inbox-preferences');
  await shoot(page, 'inbox-preferences');
  const feed = await request.get(url);
  expect(feed.status()).toBe(200);
  expect(feed.headers()['content-type']).toBe('text/calendar; charset=utf-8');
  expect(await feed.text()).toContain('BEGIN:VCALENDAR');

  await page.getByRole('button', { name: '停用行事曆訂閱' }).click();
  await expect(page.getByText('行事曆訂閱已停用，舊網址已失效。')).toBeVisible();
  expect((await request.get(url)).status()).toBe(404);
  // Put the setting back for other runs on this database.
  await page.getByRole('combobox', { name: '查核點即將到期' }).click();
  await page.getByRole('option', { name: /^依預設/ }).click();
  await page.getByRole('button', { name: '儲存設定' }).click();
  await expect(page.getByText('通知設定已儲存。')).toBeVisible();
});
