// 推動路程: a programme with 1,000 sub-projects (test data written with SQL) renders as a table whose body holds only
// the rows on screen, scrolls to the last one, filters like the sub-project list, and shows each milestone's status
// in words; a ministry sees only its own.
import pg from 'pg';
import { expect, test } from './fixtures';

const COUNT = 1000;

/** A programme of its own with COUNT sub-projects led by 國科會 (no demo user's organisation), four milestones each. */
async function thousandSubProjects(tag: string): Promise<string> {
  const code = `rm-${tag}`;
  const client = new pg.Client({ connectionString: process.env.GUANKAO_BROWSER_DATABASE_URL });
  await client.connect();
  try {
    await client.query('BEGIN');
    const { rows: [p] } = await client.query(
      `INSERT INTO programme (code, name, start_year, end_year, light_rules) VALUES ($1, $2, 2023, 2026, '{}') RETURNING id`, [code, `路程測試方案 ${tag}`],
    );
    await client.query(
      `INSERT INTO sub_project (code, programme_id, kind, name, lead_organisation_id, start_year, end_year, status, is_flagship)
       SELECT $1 || '-' || lpad(i::text, 4, '0'), $2, 'detailed', '路程測試計畫 第 ' || i || ' 項', (SELECT id FROM organisation WHERE code = 'nstc'), 2023, 2026, 'active', false
         FROM generate_series(1, $3::int) i`,
      [code, p.id, COUNT],
    );
    // One milestone per year: 2023–2025 accepted, 2026 pending (due at the end of the year: not overdue), one in ten submitted.
    await client.query(
      `INSERT INTO milestone (code, sub_project_id, seq, fiscal_year, due_date, deliverable, status)
       SELECT sp.code || '-m' || y, sp.id, y - 2022, y, make_date(y, 12, 31), '年度查核：完成第 ' || (y - 2022) || ' 年成果報告',
              (CASE WHEN y < 2026 THEN 'accepted' WHEN right(sp.code, 1) = '0' THEN 'submitted' ELSE 'pending' END)::milestone_status
         FROM sub_project sp CROSS JOIN generate_series(2023, 2026) y WHERE sp.programme_id = $1`,
      [p.id],
    );
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
  return code;
}

test('the roadmap of 1,000 sub-projects renders only the rows on screen, scrolls, filters and says each status in words', async ({ as, checkA11y, shoot }) => {
  test.setTimeout(180_000);
  const tag = Date.now().toString(36);
  const programme = await thousandSubProjects(tag);
  const viewer = await as('viewer');
  await viewer.goto(`/roadmap?programme=${programme}`);
  const main = viewer.getByRole('main');
  await expect(main.getByRole('heading', { level: 1 })).toHaveText('推動路程');
  await expect(main.getByText(`已載入 ${COUNT} 項細部計畫`)).toBeVisible({ timeout: 30_000 });

  const grid = main.getByRole('table', { name: '推動路程：細部計畫與各期查核點' });
  await expect(grid).toHaveAttribute('aria-rowcount', String(COUNT + 1));
  await expect(grid.getByRole('columnheader', { name: '民國 112 年（2023）' })).toBeVisible();
  await expect(grid.getByRole('columnheader', { name: '民國 115 年（2026）' })).toBeVisible();
  const rendered = grid.locator('tbody tr[aria-rowindex]');
  const firstCount = await rendered.count();
  expect(firstCount).toBeGreaterThan(3);
  expect(firstCount).toBeLessThan(60);
  // Status in words (and an icon), never colour alone.
  const firstRow = rendered.first();
  await expect(firstRow.getByRole('rowheader')).toContainText('路程測試計畫 第 1 項');
  await expect(firstRow.getByRole('link', { name: /^已通過.*完成第 1 年成果報告/ })).toBeVisible();
  await expect(firstRow.getByRole('link', { name: /^未填報.*完成第 4 年成果報告/ })).toBeVisible();
  await checkA11y(viewer, 'roadmap');
  await shoot(viewer, 'roadmap');

  // Scroll to the end: the last sub-project is rendered, the DOM still holds a window of rows.
  const region = main.getByRole('region', { name: '推動路程：細部計畫與各期查核點' });
  await region.evaluate((el) => { el.scrollTop = el.scrollHeight; });
  await expect(grid.getByRole('link', { name: `路程測試計畫 第 ${COUNT} 項`, exact: true })).toBeVisible();
  expect(await rendered.count()).toBeLessThan(60);
  await expect(grid.getByRole('link', { name: '路程測試計畫 第 1 項', exact: true })).toHaveCount(0);

  // The keyboard reaches the grid's links.
  await region.focus();
  await viewer.keyboard.press('Tab');
  await expect(viewer.locator(':focus')).toHaveAttribute('href', /\/(sub-projects|milestones)\//);

  // Filters as on the sub-project list, in the URL.
  await main.getByLabel('計畫名稱關鍵字').fill('第 99');
  await main.getByLabel('計畫名稱關鍵字').press('Enter');
  await expect(viewer).toHaveURL(/q=/);
  // 第 99 項, 第 990–999 項.
  await expect(main.getByText('已載入 11 項細部計畫')).toBeVisible();
  await expect(rendered).toHaveCount(11);
  // A submitted milestone (codes ending in 0).
  await expect(grid.getByRole('row').filter({ hasText: '路程測試計畫 第 990 項' }).getByRole('link', { name: /^已填報/ })).toBeVisible();

  await main.getByText('季', { exact: true }).click();
  await expect(viewer).toHaveURL(/scale=quarter/);
  await expect(grid.getByRole('columnheader', { name: '115 年 Q4' })).toBeVisible();
  await checkA11y(viewer, 'roadmap-filtered');
});

test('a ministry officer sees only its own sub-projects on the roadmap', async ({ as }) => {
  test.setTimeout(120_000);
  const programme = await thousandSubProjects(`m${Date.now().toString(36)}`);
  const officer = await as('moda-officer');
  await officer.goto(`/roadmap?programme=${programme}`);
  // 國科會 leads all of them: 數位部 sees none.
  await expect(officer.getByRole('main').getByText('沒有符合條件的細部計畫。')).toBeVisible();
});
