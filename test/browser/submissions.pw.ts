// The submission screens, one role at a time: the officer's draft (autosave, evidence by keyboard and
// drop zone, refusals before upload), the supervisor's approval, the secretariat's review with the diff.
import type { APIRequestContext, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { minimalPdf } from './test-data';

// A moea roadmap row of the 2018 plan that no other browser test reports on.
const SUB_PROJECT = 'aap2018-rm-5-03';
const MILESTONE = 'aap2018-rm-5-03-108';
const SUB_PROJECT_NAME = '成立智慧系統整合服務中心';

/** The smallest files the type checks accept: a PDF with its cross-reference table, a CSV of UTF-8 text. */
const PDF = minimalPdf('submissions');
const CSV = Buffer.from('指標,實際值\n場域示範案例,4\n', 'utf8');

async function draftFor(officer: APIRequestContext, milestone = MILESTONE): Promise<string> {
  const sp = await officer.get(`/api/sub-projects/${SUB_PROJECT}`);
  expect(sp.status()).toBe(200);
  const { status, version } = (await sp.json()) as { status: string; version: number };
  if (status === 'assigned') {
    const ack = await officer.post(`/api/sub-projects/${SUB_PROJECT}/acknowledge`, { data: { version } });
    expect(ack.status(), await ack.text()).toBe(200);
  }
  const created = await officer.post('/api/submissions', { data: { subProject: SUB_PROJECT, milestone } });
  expect(created.status(), await created.text()).toBe(201);
  return ((await created.json()) as { id: string }).id;
}

const statusBadge = (page: Page, text: string) => page.getByRole('main').getByText(text, { exact: true }).first();

test('an officer drafts, the supervisor sends back and approves, the secretariat returns, reads the diff and accepts', async ({
  as, api, checkA11y, shoot, expectFailedRequests,
}) => {
  test.setTimeout(240_000);
  const id = await draftFor(await api('moea-officer'));
  const url = `/submissions/${id}`;

  // ---- the officer's draft ------------------------------------------------------------------
  const officer = await as('moea-officer');
  const uploads: string[] = [];
  officer.on('request', (r) => { if (r.method() === 'PUT' && r.url().includes('/evidence')) uploads.push(decodeURIComponent(r.url())); });
  await officer.goto(url);
  await expect(officer.getByRole('heading', { level: 1 })).toContainText('填報：');
  await expect(statusBadge(officer, '草稿')).toBeVisible();
  await expect(officer.getByRole('link', { name: SUB_PROJECT_NAME })).toHaveAttribute('href', `/sub-projects/${SUB_PROJECT}`);
  await expect(officer.getByRole('link', { name: MILESTONE })).toHaveAttribute('href', `/milestones/${MILESTONE}`);
  await checkA11y(officer, 'submission-draft-empty');
  await shoot(officer, 'submission-draft-empty');

  // Keyboard only: focus a field, type, Tab to the next.
  await officer.getByLabel('進度（%）').focus();
  await officer.keyboard.type('45.5');
  await officer.keyboard.press('Tab');
  await expect(officer.getByLabel('經費執行數（億元）')).toBeFocused();
  await officer.keyboard.type('1.25');
  await officer.keyboard.press('Tab');
  await officer.keyboard.type('2019');
  await expect(officer.getByText('民國 108 年')).toBeVisible();
  await officer.keyboard.press('Tab');
  await expect(officer.getByLabel('辦理情形')).toBeFocused();
  await officer.keyboard.type('完成智慧應用實證專區第二年度場域示範，辦理媒合活動 1 場。');
  await officer.keyboard.press('Tab');
  await expect(officer.getByRole('button', { name: '新增指標實際值' })).toBeFocused();
  await officer.keyboard.press('Enter');
  await officer.getByRole('combobox', { name: '指標（1）' }).focus();
  await officer.keyboard.press('ArrowDown');
  await officer.keyboard.press('ArrowDown');
  await officer.keyboard.press('Enter');
  await expect(officer.getByRole('combobox', { name: '指標（1）' })).not.toHaveValue('');
  await officer.keyboard.press('Tab');
  await expect(officer.getByLabel('實際值（1）')).toBeFocused();
  await officer.keyboard.type('4');
  await officer.keyboard.press('Tab');
  await officer.keyboard.type('場域示範案例數');
  // A wrong value is explained at once and not sent.
  await officer.getByLabel('進度（%）').fill('120');
  await expect(officer.getByText('請輸入 0 到 100 之間的數字，最多兩位小數，例如 45.5。')).toBeVisible();
  await officer.getByLabel('進度（%）').fill('45.5');
  await expect(officer.getByTestId('autosave-status')).toHaveText(/^已自動儲存 \d{2}:\d{2}$/);

  // Evidence: a type the API refuses is refused here first, with a message and no upload.
  const zone = officer.getByRole('button', { name: /上傳佐證資料/ });
  const fileInput = officer.locator('input[type=file]');
  await fileInput.setInputFiles({ name: '會議紀錄.txt', mimeType: 'text/plain', buffer: Buffer.from('純文字') });
  await expect(officer.getByText('「會議紀錄.txt」的檔案類型不能上傳。請改存成 PDF、PNG、JPEG、CSV、XLSX 或 DOCX。')).toBeVisible();
  expect(uploads).toEqual([]);
  await officer.getByRole('button', { name: '關閉「會議紀錄.txt」的訊息' }).click();

  // The PDF through the keyboard: Enter on the focused drop zone opens the file chooser. The answer
  // is held back for a moment so the progress bar can be seen.
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  const isUpload = (u: URL) => u.pathname.endsWith('/evidence');
  await officer.route(isUpload, async (route) => {
    await held;
    await route.continue();
  });
  await zone.focus();
  const chooser = officer.waitForEvent('filechooser');
  await officer.keyboard.press('Enter');
  await (await chooser).setFiles({ name: '成果報告.pdf', mimeType: 'application/pdf', buffer: PDF });
  await expect(officer.getByRole('progressbar', { name: '成果報告.pdf 上傳進度' })).toBeAttached();
  await expect(officer.getByText(/^上傳中 \d+%$/)).toBeVisible();
  release();
  await expect(officer.getByRole('link', { name: '下載「成果報告.pdf」' })).toBeVisible();
  await officer.unroute(isUpload);
  await fileInput.setInputFiles({ name: '指標統計.csv', mimeType: 'text/csv', buffer: CSV });
  await expect(officer.getByRole('link', { name: '下載「指標統計.csv」' })).toBeVisible();
  expect(uploads.map((u) => u.replace(/^.*filename=/, ''))).toEqual(['成果報告.pdf', '指標統計.csv']);
  // A file whose name passes but whose bytes are not what it says is refused by the API (415), in words, under the file.
  expectFailedRequests(officer, { path: `/api/submissions/${id}/evidence`, status: 415 });
  await fileInput.setInputFiles({ name: '掃描檔.pdf', mimeType: 'application/pdf', buffer: Buffer.from('這不是 PDF') });
  const refused = officer.getByRole('alert').filter({ hasText: '「掃描檔.pdf」上傳失敗' });
  await expect(refused).toContainText('不支援這種檔案類型，或檔案內容與類型不符。');
  await refused.getByRole('button', { name: '關閉「掃描檔.pdf」的訊息' }).click();
  await expect(refused).toHaveCount(0);
  await checkA11y(officer, 'submission-draft-filled');
  await shoot(officer, 'submission-draft-filled');

  // The download serves the bytes uploaded, under the Chinese name.
  const pdf = await officer.request.get(await officer.getByRole('link', { name: '下載「成果報告.pdf」' }).getAttribute('href') ?? '');
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-disposition']).toContain(encodeURIComponent('成果報告.pdf'));

  await officer.getByRole('button', { name: '送主管核定' }).click();
  await expect(statusBadge(officer, '待主管核定')).toBeVisible();
  await expect(officer.getByRole('textbox', { name: '辦理情形' })).toHaveCount(0);
  await checkA11y(officer, 'submission-awaiting-officer');

  // ---- the supervisor sends it back, with a comment --------------------------------------------
  const supervisor = await as('moea-supervisor');
  await supervisor.goto(url);
  await expect(supervisor.getByRole('heading', { name: '主管核定' })).toBeVisible();
  await expect(supervisor.getByText('完成智慧應用實證專區第二年度場域示範')).toBeVisible();
  await expect(supervisor.getByRole('link', { name: '下載「成果報告.pdf」' })).toBeVisible();
  await expect(supervisor.getByRole('link', { name: '下載「指標統計.csv」' })).toBeVisible();
  await supervisor.getByRole('button', { name: '退回承辦' }).click();
  await expect(supervisor.getByText('退回時請說明需要修改的地方。')).toBeVisible();
  await checkA11y(supervisor, 'submission-supervisor');
  await shoot(supervisor, 'submission-supervisor');
  await supervisor.getByLabel('意見（退回時必填）').fill('請補充指標統計方法。');
  await supervisor.getByRole('button', { name: '退回承辦' }).click();
  await expect(statusBadge(supervisor, '草稿')).toBeVisible();

  // ---- the officer sees why, changes the text, sends it again ---------------------------------
  await officer.reload();
  await expect(officer.getByTestId('reviewer-comment')).toContainText('請補充指標統計方法。');
  await expect(officer.getByTestId('reviewer-comment')).toContainText('主管退回承辦');
  await officer.getByLabel('辦理情形').press('End');
  await officer.getByLabel('辦理情形').pressSequentially('指標依場域實際簽約案數統計。');
  await expect(officer.getByTestId('autosave-status')).toHaveText(/^已自動儲存 \d{2}:\d{2}$/);
  await checkA11y(officer, 'submission-sent-back');
  await shoot(officer, 'submission-sent-back');
  await officer.getByRole('button', { name: '送主管核定' }).click();
  await expect(statusBadge(officer, '待主管核定')).toBeVisible();

  // ---- the supervisor approves ------------------------------------------------------------------
  await supervisor.reload();
  await expect(supervisor.getByText('指標依場域實際簽約案數統計。')).toBeVisible();
  await supervisor.getByRole('button', { name: '核定送出' }).click();
  await expect(statusBadge(supervisor, '待執秘室審核')).toBeVisible();

  // ---- the secretariat returns it --------------------------------------------------------------
  const coordinator = await as('coordinator');
  await coordinator.goto(url);
  await expect(coordinator.getByRole('heading', { name: '審核', exact: true })).toBeVisible();
  await expect(coordinator.getByRole('link', { name: '下載「成果報告.pdf」' })).toBeVisible();
  await expect(coordinator.getByRole('heading', { name: '歷程' })).toBeVisible();
  await expect(coordinator.getByText('請補充指標統計方法。')).toBeVisible(); // the supervisor's comment, in the history
  await checkA11y(coordinator, 'submission-review');
  await shoot(coordinator, 'submission-review');
  await coordinator.getByLabel('意見（退回時必填）').fill('請附上場域示範案例清單，並移除重複的統計檔。');
  await coordinator.getByRole('button', { name: '退回補正' }).click();
  await expect(statusBadge(coordinator, '退回補正')).toBeVisible();

  // ---- the officer revises: progress up, the CSV out ------------------------------------------
  await officer.reload();
  await expect(officer.getByTestId('reviewer-comment')).toContainText('請附上場域示範案例清單');
  await expect(officer.getByTestId('reviewer-comment')).toContainText('執行秘書室退回補正');
  await checkA11y(officer, 'submission-returned');
  await shoot(officer, 'submission-returned');
  await officer.getByRole('button', { name: '修正（重新編輯）' }).click();
  await expect(officer.getByLabel('進度（%）')).toBeVisible();
  await expect(officer.getByTestId('reviewer-comment')).toContainText('請附上場域示範案例清單'); // still there while revising
  await officer.getByLabel('進度（%）').fill('60');
  await expect(officer.getByTestId('autosave-status')).toHaveText(/^已自動儲存 \d{2}:\d{2}$/);
  await officer.getByRole('button', { name: '移除「指標統計.csv」' }).click();
  await expect(officer.getByRole('link', { name: '下載「指標統計.csv」' })).toHaveCount(0);
  await officer.getByRole('button', { name: '送主管核定' }).click();
  await expect(statusBadge(officer, '待主管核定')).toBeVisible();
  await supervisor.reload();
  await supervisor.getByRole('button', { name: '核定送出' }).click();
  await expect(statusBadge(supervisor, '待執秘室審核')).toBeVisible();

  // ---- the secretariat reads the diff and accepts ----------------------------------------------
  await coordinator.reload();
  await coordinator.getByRole('link', { name: '比較版本差異' }).click();
  await expect(coordinator).toHaveURL(/\/diff\?/);
  await expect(coordinator.getByRole('heading', { level: 1 })).toHaveText('版本差異');
  const row = (field: string) => coordinator.getByRole('row', { name: new RegExp(`^${field}`) });
  await expect(row('進度（%）')).toContainText('已變更');
  await expect(row('進度（%）')).toContainText('45.50%');
  await expect(row('進度（%）')).toContainText('60.00%');
  await expect(row('佐證資料')).toContainText('已變更');
  await expect(row('佐證資料')).toContainText('移除：指標統計.csv');
  await expect(row('辦理情形')).toContainText('未變更');
  await checkA11y(coordinator, 'submission-diff');
  await shoot(coordinator, 'submission-diff');
  await coordinator.getByRole('link', { name: '回到填報' }).click();
  await coordinator.getByRole('button', { name: '審核通過', exact: true }).click();
  await expect(statusBadge(coordinator, '審核通過')).toBeVisible();
  await checkA11y(coordinator, 'submission-accepted');
  await shoot(coordinator, 'submission-accepted');
  await coordinator.getByRole('button', { name: /^語言/ }).click();
  await coordinator.getByRole('menuitem', { name: 'English' }).click();
  await expect(coordinator.getByRole('heading', { level: 1 })).toContainText(`Submission: ${SUB_PROJECT_NAME}`);
  await expect(statusBadge(coordinator, 'Accepted')).toBeVisible();
  await expect(coordinator.getByRole('heading', { name: 'History' })).toBeVisible();
  await checkA11y(coordinator, 'submission-accepted-en');

  // ---- another ministry cannot open it, nor learn that it exists (404 like an unknown id) --------
  const other = await as('moda-officer');
  expectFailedRequests(other, { path: `/api/submissions/${id}`, status: 404 });
  await other.goto(url);
  await expect(other.getByRole('alert')).toContainText('找不到這筆資料，可能已被刪除或網址有誤。');
  await expect(other.getByText('完成智慧應用實證專區第二年度場域示範')).toHaveCount(0);
});
