/**
 * The imported data matches the source documents (../shared/seeds), read back through the API.
 * Every expected value below is copied from the document by hand, independently of seeds/.
 *
 * Checks made:
 *  1. Programmes: the six programmes, their parents (智慧國家方案 over 2.0, DIGI+ over 2018), periods in AD and ROC, oversight bodies.
 *  2. 2.0 (001): 5 axes in order with their goals; 表2's 16 focus areas with their ministries; the 10 axis key results.
 *  3. 2.0 (001) 表3–表7: every row is a sub-project under the right axis, with its ministry and its √/△ marks per category;
 *     a plan listed in several tables is one sub-project linked to each axis; 表8's continuing and new projects. 31 in all.
 *  4. 2018 (003) 表8: every printed figure, totals included, equals the budget summary; each printed total equals the sum of its cells.
 *  5. 2018 (003) 附件 2-x: rows per annex (16/8/5/8/4), and leads, co-organisers and periods of rows checked by hand;
 *     AI 領航推動計畫 is the flagship (stage-gated) sub-project.
 *  6. 2018 (003) 附件 1-x: roadmap rows per annex (9/8/4/7/4), milestones per ROC year 107–110 (26/29/29/22) due at year end, end targets.
 *  7. Organisations: renamed bodies keep their names (科技部 → 國科會; 行政院科技會報辦公室 → 國科會科技辦公室 on 2022-07-27);
 *     a unit's parent (經濟部 → 技術處 / 工業局); the 2018 lead cell 科技部 is kept verbatim while the lead is 國科會.
 *  8. 004: the 2023-06-30 meeting's two resolutions and the 2023-11-30 follow-ups.
 *  9. Recorded discrepancies: the lead of AI 領航推動計畫 (附件 2-2 科會辦 vs 附件 1-2 經濟部) is on record.
 */
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { bootApi, type Client, type TestApi } from './support/api.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

let db: TestDatabase;
let server: TestApi;
let api: Client;
let app: NestFastifyApplication;

beforeAll(async () => {
  db = await createTestDatabase();
  server = await bootApi(db.url);
  app = server.app;
  api = await server.as('viewer');
});

afterAll(async () => {
  await app?.close();
  await db?.drop();
});

async function allSubProjects(query: string): Promise<any[]> {
  const items: any[] = [];
  let after: string | null = null;
  do {
    const res: any = await api.get(`/api/sub-projects?${query}&limit=200${after ? `&after=${after}` : ''}`);
    expect(res.status).toBe(200);
    items.push(...res.body.items);
    after = res.body.nextCursor;
  } while (after);
  return items;
}

describe('1. programmes', () => {
  it('lists the six programmes with parents, periods and oversight bodies', async () => {
    const res = await api.get('/api/programmes');
    expect(res.status).toBe(200);
    const byCode = Object.fromEntries(res.body.map((p: any) => [p.code, p]));
    expect(Object.keys(byCode).sort()).toEqual(['aap2', 'aap2018', 'ai-small-country', 'digi-plus', 'eu-ai-package', 'smart-nation']);
    expect(byCode.aap2).toMatchObject({
      name: '臺灣 AI 行動計畫 2.0', parent: { code: 'smart-nation' },
      period: { start: { ad: 2023, roc: 112 }, end: { ad: 2026, roc: 115 } },
      overseer: { name: '行政院智慧國家推動小組執行秘書室' },
    });
    expect(byCode['smart-nation']).toMatchObject({ name: '智慧國家方案', period: { start: { ad: 2021 }, end: { ad: 2025 } } });
    expect(byCode.aap2018).toMatchObject({ parent: { code: 'digi-plus' }, period: { start: { ad: 2018, roc: 107 }, end: { ad: 2021, roc: 110 } } });
    expect(byCode.aap2018.overseer.name).toBe('協調推動分組');
  });
});

describe('2. 臺灣 AI 行動計畫 2.0: axes, 表2, key results', () => {
  let tree: any;
  beforeAll(async () => {
    tree = (await api.get('/api/programmes/aap2')).body;
  });

  it('has the five axes in order, with their goals', () => {
    expect(tree.axes.map((a: any) => a.name)).toEqual(['人才優化與擴增', '技術深耕與產業發展', '完善運作環境', '提升國際影響力', '回應人文社會議題']);
    expect(tree.axes[0].goal).toBe('Tortoise AI 人才指數排名亞洲四小龍進步 1 名');
    expect(tree.axes[2].goal).toBe('建構可信賴 AI 發展環境，促進 AI 多元應用落地');
    expect(tree.axes[4].goal).toBe('以 AI 協助解決臺灣面臨重大挑戰，讓全民受益');
  });

  it('has 表2: 16 focus areas with their ministries', () => {
    const focus = tree.axes.map((a: any) => a.focusAreas.map((f: any) => f.name));
    expect(focus).toEqual([
      ['高等教育', '國民教育', '在職/就業培訓'],
      ['布局 AI 軟體與晶片核心技術', '加速 AI 軟硬體產業發展', '優勢產業應用 AI，成為國際領先群', '強化中小企業導入 AI 轉型升級'],
      ['推動資料治理，促進資料流通', 'AI 法制推動', '成立 AI 產品/系統評測中心，推動與國際介接的 AI 規範與標準', '易於取得高效能運算資源'],
      ['參與國際 AI 相關組織', '推動 AI 領域國際合作', '以臺灣 AI 能量貢獻國際社會'],
      ['研析 AI 對社會衝擊及因應準備', '以 AI 協助解決國家社會面臨挑戰'],
    ]);
    const orgs = (axis: number, fa: number) => tree.axes[axis].focusAreas[fa].organisations.map((o: any) => o.name);
    expect(orgs(0, 0)).toEqual(['國科會', '教育部']);
    expect(orgs(0, 2)).toEqual(['數位部', '經濟部', '勞動部']);
    expect(orgs(3, 1)).toEqual(['國科會', '經濟部']);
    expect(orgs(4, 0)).toEqual(['國發會', '勞動部', '金管會']);
    expect(tree.axes[1].focusAreas[2].responsibleText).toBe('製造業：經濟部 醫療業：衛福部、經濟部');
  });

  it('has the key results of each axis', () => {
    expect(tree.axes.map((a: any) => a.keyResults.length)).toEqual([3, 2, 2, 2, 1]);
    const kr = tree.axes[0].keyResults[0];
    expect(kr.text).toContain('每年培育約 600 名');
    expect(kr.organisations.map((o: any) => o.name)).toEqual(['國科會']);
    expect(kr.targets.map((t: any) => [t.year.roc, t.value, t.comparator])).toEqual([[112, '600.00', 'approx'], [113, '600.00', 'approx'], [114, '600.00', 'approx'], [115, '600.00', 'approx']]);
  });
});

/** 001 表3–表7: [ministry, a distinctive part of the plan name, marks per category column ('' = blank)]. */
const TABLES_2_0: Record<string, [string, string, string[]][]> = {
  'aap2-axis-1': [ // 表3: 高等教育, 國民教育, 職業培訓
    ['國科會', '回應重要挑戰之 AI 研究計畫', ['√', '', '']],
    ['教育部', '人工智慧技術與應用人才培育第二期計畫', ['√', '√', '']],
    ['教育部', '大專校院智慧科技(AI)及資訊安全碩士人才計畫', ['√', '', '']],
    ['教育部', '智慧晶片系統與應用人才培育計畫', ['√', '', '']],
    ['數位部', 'AI 智慧應用暨人才淬鍊推動計畫', ['', '△', '√']],
    ['數位部', '跨域數位人才暨智慧學習整合推動計畫', ['△', '', '√']],
    ['經濟部', '高階智慧物聯網晶片生態體系發展應用計畫', ['', '', '√']],
    ['勞動部', '企業人力資源提升計畫、產業人才投資方案', ['', '', '√']],
  ],
  'aap2-axis-2': [ // 表4: AI 技術深耕, AI 產業發展, 產業應用 AI
    ['國科會', '回應重要挑戰之 AI 研究計畫', ['√', '', '']],
    ['國科會', '關鍵新興晶片設計研發計畫', ['√', '', '']],
    ['數位部', '人工智慧速捷技術(FAST AI)深耕計畫', ['√', '△', '△']],
    ['數位部', 'AI 領航推動計畫 II', ['√', '√', '']],
    ['數位部', 'AI 智慧應用暨人才淬鍊推動計畫', ['', '√', '']],
    ['經濟部', 'AI on chip 終端智慧發展計畫', ['√', '△', '']],
    ['經濟部', 'AI 晶片異質整合模組前瞻製造平台計畫', ['√', '△', '']],
    ['經濟部', '高階智慧物聯網晶片生態體系發展應用計畫', ['', '√', '']],
    ['經濟部', '發展智慧製造解決方案推動計畫', ['', '', '√']],
    ['經濟部', '智慧機械產業技術提升補助', ['', '', '√']],
    ['經濟部', '精準健康產業跨域躍進計畫', ['', '', '√']],
    ['衛福部', '關鍵時代智慧醫材及顯示科技躍升計畫', ['', '', '√']],
  ],
  'aap2-axis-3': [ // 表5: 資料治理/流通, 應用法規調適, 規範標準介接國際, 高效運算資源
    ['數位部', '服務型智慧政府 2.0 推動計畫', ['√', '', '', '']],
    ['數位部', '雲世代產業數位轉型-數位平台服務推動計畫', ['√', '', '', '']],
    ['衛福部', '健康大數據永續平台', ['√', '', '', '']],
    ['交通部', '與世界同步智慧交通新科技發展與應用計畫', ['', '√', '√', '']],
    ['交通部', '強化氣象資訊基礎建設計畫', ['', '', '', '√']],
    ['國科會', '回應重要挑戰之 AI 研究計畫', ['√', '', '√', '']],
    ['國科會', '智慧無人載具關鍵技術開發暨車輛產業轉型輔導推動計畫', ['', '', '√', '']],
    ['國科會', '台灣杉四號高速運算平台建置', ['', '', '', '√']],
  ],
  'aap2-axis-4': [ // 表6: 參與國際組織, 推動國際合作, 貢獻國際社會
    ['國科會', '回應重要挑戰之 AI 研究計畫', ['√', '√', '√']],
    ['經濟部', 'AI on chip 終端智慧發展計畫', ['√', '√', '√']],
    ['經濟部', '領航企業研發深耕計畫', ['', '√', '']],
    ['經濟部', '亞灣 5G AIoT 創新科技應用綱要計畫', ['', '√', '']],
  ],
  'aap2-axis-5': [ // 表7: 以 AI 協助勞動力短缺, 以 AI 協助淨零排放
    ['農業部', '智慧農業躍升普及', ['√', '']],
    ['經濟部', '淨零排放-產業淨零碳排推動計畫', ['', '√']],
  ],
};

describe('3. 臺灣 AI 行動計畫 2.0: 表3–表8 sub-projects', () => {
  let tree: any;
  beforeAll(async () => {
    tree = (await api.get('/api/programmes/aap2')).body;
  });

  it.each(Object.keys(TABLES_2_0))('%s lists exactly its table rows, with ministries and √/△ marks', async (axisCode) => {
    const listed = await allSubProjects(`programme=aap2&axis=${axisCode}&kind=detailed`);
    const axis = tree.axes.find((a: any) => a.code === axisCode);
    const expected = TABLES_2_0[axisCode];
    const fromTable8 = listed.filter((s) => s.continuity !== 'existing');
    expect(listed.length - fromTable8.length).toBe(expected.length);
    for (const [ministry, name, marks] of expected) {
      const matches = listed.filter((s) => s.name.includes(name) && s.lead?.name === ministry);
      expect(matches).toHaveLength(1);
      const inTree = axis.subProjects.find((s: any) => s.code === matches[0].code);
      const shown = axis.categories.map((c: any) => inTree.marks.find((m: any) => m.category === c.code)?.symbol ?? '');
      expect([ministry, name, shown]).toEqual([ministry, name, marks]);
    }
  });

  it('a plan listed in several tables is one sub-project linked to each axis', async () => {
    const all = await allSubProjects('programme=aap2');
    expect(all).toHaveLength(31);
    const research = all.filter((s) => s.name.startsWith('回應重要挑戰之 AI 研究計畫'));
    expect(research).toHaveLength(1);
    expect(research[0].axes.map((a: any) => a.code)).toEqual(['aap2-axis-1', 'aap2-axis-2', 'aap2-axis-3', 'aap2-axis-4']);
    expect(research[0].period).toEqual({ start: { ad: 2023, roc: 112 }, end: { ad: 2026, roc: 115 }, text: '112-115' });
    const aiOnChip = all.find((s) => s.name.startsWith('AI on chip'));
    expect(aiOnChip.axes.map((a: any) => a.code)).toEqual(['aap2-axis-2', 'aap2-axis-4']);
  });

  it('has 表8: one continuing and two new projects under their axes', async () => {
    const all = await allSubProjects('programme=aap2');
    const t8 = all.filter((s) => s.continuity !== 'existing').map((s) => [s.continuity, s.lead.name, s.name.slice(0, 12), s.axes.map((a: any) => a.name)]);
    expect(t8).toEqual(
      expect.arrayContaining([
        ['continuing', '經濟部', '低延遲 AI 小晶片(C', ['技術深耕與產業發展']],
        ['new', '數位部', 'AI 評測環境建構與國際', ['完善運作環境', '提升國際影響力']],
        ['new', '交通部', '數值天氣測報高速運算電腦', ['完善運作環境']],
      ]),
    );
    expect(t8).toHaveLength(3);
  });
});

/** 003 表8 各行動子計畫年度經費 (億元), as printed: per axis 107…110 既有/新增, then 合計 既有/新增, 預算總額. */
const TABLE_8: Record<string, string[]> = {
  'AI 人才衝刺': ['19.43', '0.50', '6.86', '11.50', '7.20', '11.50', '1.10', '12.75', '34.59', '36.25', '70.84'],
  'AI 領航推動': ['19.51', '1.50', '20.48', '9.00', '20.58', '12.00', '19.98', '14.60', '80.55', '37.10', '117.65'],
  '建構國際 AI 創新樞紐': ['0.00', '0.00', '0.00', '2.80', '0.00', '3.10', '0.00', '3.00', '0.00', '8.90', '8.90'],
  '場域與法規開放': ['29.40', '0.00', '29.10', '6.50', '28.53', '7.00', '0.23', '7.00', '87.26', '20.50', '107.76'],
  '產業 AI 化': ['22.25', '0.00', '18.33', '0.20', '17.98', '0.20', '1.93', '0.20', '60.49', '0.60', '61.09'],
};
/** The total rows: 既有預算 per year + 合計; 新增預算 per year + 合計; 合計 per year + 合計. */
const TABLE_8_TOTALS = {
  existing: ['90.59', '74.77', '74.29', '23.24', '262.89'],
  new: ['2.00', '30.00', '33.80', '37.55', '103.35'],
  all: ['92.59', '104.77', '108.09', '60.79', '366.24'],
};

describe('4. 臺灣 AI 行動計畫 (2018) 表8', () => {
  let summary: any;
  beforeAll(async () => {
    const res = await api.get('/api/programmes/aap2018/budget-summary');
    expect(res.status).toBe(200);
    summary = res.body;
  });

  const cell = (axisName: string | null, rocYear: number | null, kind: string) =>
    summary.cells.find((c: any) => (c.axis?.name ?? null) === axisName && (c.year?.roc ?? null) === rocYear && c.kind === kind)?.allocated;

  it('reproduces every axis figure: 4 years × 既有/新增, 合計 既有/新增 and 預算總額', () => {
    for (const [axis, figures] of Object.entries(TABLE_8)) {
      const got = [107, 108, 109, 110].flatMap((y) => [cell(axis, y, 'existing'), cell(axis, y, 'new')]);
      got.push(cell(axis, null, 'existing'), cell(axis, null, 'new'), cell(axis, null, 'all'));
      expect([axis, ...got]).toEqual([axis, ...figures]);
    }
  });

  it('reproduces the total rows 既有預算, 新增預算 and 合計', () => {
    for (const [kind, figures] of Object.entries(TABLE_8_TOTALS)) {
      const got = [107, 108, 109, 110].map((y) => cell(null, y, kind));
      got.push(cell(null, null, kind));
      expect([kind, ...got]).toEqual([kind, ...figures]);
    }
    expect(summary.years.map((y: any) => y.roc)).toEqual([107, 108, 109, 110]);
    expect(summary.unit).toBe('億元');
  });

  it('keeps every printed total, and each equals the sum of its cells', () => {
    expect(summary.printedTotals).toHaveLength(33);
    expect(summary.printedTotals.filter((t: any) => t.matches !== true)).toEqual([]);
  });
});

describe('5. 臺灣 AI 行動計畫 (2018) 附件 2-x 分工表', () => {
  it('has every division row, per annex', async () => {
    const rows = await allSubProjects('programme=aap2018&kind=division');
    const perAxis = [1, 2, 3, 4, 5].map((n) => rows.filter((r) => r.axes[0].code === `aap2018-axis-${n}`).length);
    expect(perAxis).toEqual([16, 8, 5, 8, 4]);
  });

  it.each([
    // [name starts with, 主辦 as printed, lead organisation, 協辦 organisations, 期程]
    ['AI 領航推動計畫', '科會辦', '國科會科技辦公室', ['經濟部'], '2018 - 2021'],
    ['科學城低碳智慧環境基礎建置計畫', '科技部', '國科會', ['經濟部'], '2018'],
    ['建構民生公共物聯網計畫', '科技部', '國科會', ['環保署', '經濟部'], '2018 - 2020'],
    ['資通訊軟體創新人才推升計畫', '教育部', '教育部', [], '2018'],
    ['企業人力資源提升計畫與產業人才投資方案', '勞動部', '勞動部', [], '2018 - 2021'],
  ])('%s: lead %s, co-organisers and period as printed', async (name, leadText, lead, coOrganisers, period) => {
    const rows = await allSubProjects(`programme=aap2018&kind=division&q=${encodeURIComponent(name)}`);
    const row = rows.find((r) => r.name.startsWith(name));
    expect(row).toBeDefined();
    expect([row.leadText, row.lead?.name, row.coOrganisers.map((o: any) => o.name), row.period.text]).toEqual([leadText, lead, coOrganisers, period]);
  });

  it('marks AI 領航推動計畫 as the flagship under stage gates', async () => {
    const flagships = await allSubProjects('programme=aap2018&flagship=true');
    expect(flagships.map((f) => f.name)).toEqual(['AI 領航推動計畫']);
  });
});

describe('6. 臺灣 AI 行動計畫 (2018) 附件 1-x 推動路程', () => {
  it('has the roadmap rows per annex and their milestones per ROC year, due at year end', async () => {
    const rows = await allSubProjects('programme=aap2018&kind=roadmap');
    expect([1, 2, 3, 4, 5].map((n) => rows.filter((r) => r.axes[0].code === `aap2018-axis-${n}`).length)).toEqual([9, 8, 4, 7, 4]);
    const perYear: Record<number, number> = {};
    for (const r of rows) {
      const detail = (await api.get(`/api/sub-projects/${r.code}`)).body;
      for (const m of detail.milestones) {
        perYear[m.fiscalYear.roc] = (perYear[m.fiscalYear.roc] ?? 0) + 1;
        expect(m.dueDate.roc).toBe(`${m.fiscalYear.roc}/12/31`);
      }
    }
    expect(perYear).toEqual({ 107: 26, 108: 29, 109: 29, 110: 22 });
  });

  it('keeps a row\'s yearly deliverables and end target verbatim (經濟部, 千人智慧科技菁英)', async () => {
    const rows = await allSubProjects('programme=aap2018&kind=roadmap&ministry=moea&q=' + encodeURIComponent('千人智慧科技菁英'));
    expect(rows).toHaveLength(1);
    const detail = (await api.get(`/api/sub-projects/${rows[0].code}`)).body;
    expect(detail.milestones.map((m: any) => [m.fiscalYear.roc, m.deliverable])).toEqual([
      [107, '• 培育 50 位 AI 菁英人才'], [108, '• 培育 50 位 AI 菁英人才'], [109, '• 培育 50 位 AI 菁英人才'], [110, '• 培育 50 位 AI 菁英人才'],
    ]);
    expect(detail.fullTermTarget).toBe('• 培育 200 位 AI 菁英人才');
  });
});

describe('7. organisations', () => {
  it('keeps the names of renamed bodies, and units under their ministry', async () => {
    const orgs = (await api.get('/api/organisations')).body;
    const byCode = Object.fromEntries(orgs.map((o: any) => [o.code, o]));
    expect(byCode.nstc.names.map((n: any) => n.name)).toEqual(expect.arrayContaining(['科技部', '國科會']));
    expect(byCode['nstc-sto'].names).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: '行政院科技會報辦公室', validTo: '2022-07-26' }),
        expect.objectContaining({ name: '國家科學及技術委員會科技辦公室', validFrom: '2022-07-27' }),
      ]),
    );
    expect([byCode['moea-doit'].parent, byCode['moea-idb'].parent]).toEqual(['moea', 'moea']);
  });

  it('finds a ministry\'s sub-projects through its units and its former name', async () => {
    const doit = await allSubProjects('programme=aap2&ministry=moea');
    expect(doit.length).toBeGreaterThan(0);
    const lifted = await allSubProjects('programme=aap2018&ministry=nstc&role=lead&q=LIFT');
    expect(lifted.map((s) => [s.leadText, s.lead.name])).toEqual([['科技部', '國科會']]);
  });
});

describe('8. 004: Promotion Group resolutions', () => {
  it('stores the two 2023-06-30 resolutions and the 2023-11-30 follow-ups', async () => {
    const ds = app.get(DataSource);
    const rows = await ds.query(
      `SELECT r.seq, m.held_on::text AS held_on, m.name,
              (SELECT array_agg(o.name ORDER BY o.name) FROM resolution_assignment ra JOIN organisation o ON o.id = ra.organisation_id WHERE ra.resolution_id = r.id) AS orgs,
              (SELECT array_agg(f.reported_on::text) FROM resolution_follow_up f WHERE f.resolution_id = r.id) AS follow_ups
         FROM resolution r JOIN meeting m ON m.id = r.meeting_id ORDER BY r.seq`,
    );
    expect(rows.map((r: any) => [r.seq, r.held_on, r.name])).toEqual([
      [1, '2023-06-30', '智慧國家推動小組第3次會議'],
      [2, '2023-06-30', '智慧國家推動小組第3次會議'],
    ]);
    expect(rows[0].orgs).toEqual(['數位部', '經濟部']);
    expect(rows.flatMap((r: any) => r.follow_ups ?? [])).toEqual(['2023-11-30', '2023-11-30', '2023-11-30']);
  });
});

describe('9. recorded discrepancies', () => {
  it('records that 附件 2-2 and 附件 1-2 name different leads for AI 領航推動計畫', async () => {
    const detail = (await api.get('/api/sub-projects/aap2018-div-2-01')).body;
    expect(detail.isFlagship).toBe(true);
    expect(detail.discrepancies.map((d: any) => d.text).join('\n')).toMatch(/科會辦/);
    expect(detail.discrepancies.flatMap((d: any) => d.sources)).toEqual(expect.arrayContaining(['003 附件2-2', '003 附件1-2']));
  });
});
