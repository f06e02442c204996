import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../libs/config/config.js';
import {
  type BudgetReportData,
  loadBudgetReport,
  loadReportFont,
  PdfReport,
  renderBudgetReportPdf,
  renderBudgetReportXlsx,
  renderToBuffer,
  type ReportFont,
} from '../libs/reports/index.js';
import { createTestDatabase, openDataSource, type TestDatabase } from './support/database.js';
import { TABLE_8, TABLE_8_TOTALS } from './support/table8.js';

/**
 * Reports read by real readers: poppler's pdftotext for the PDF, exceljs reopening the XLSX.
 * Figures: 003 表8 (test/support/table8.ts).
 */

/** Moves AI 人才衝刺's 107 既有 line by $1 億元, away from what 表8 prints. */
const SHIFT_AI_TALENT_2018_EXISTING = `UPDATE budget_line b SET allocated = b.allocated + $1 FROM axis a
  WHERE a.id = b.axis_id AND a.name = 'AI 人才衝刺' AND b.fiscal_year = 2018 AND b.kind = 'existing' AND b.sub_project_id IS NULL`;

const AS_OF = new Date('2026-11-22T06:30:00Z');
const AS_OF_LINE = '資料截至 民國 115 年 11 月 22 日 14:30（2026-11-22 14:30 台北時間）';

let db: TestDatabase;
let dataSource: DataSource;
let font: ReportFont;
let dir: string;

function pdftotext(file: string, ...args: string[]): string {
  return execFileSync('pdftotext', ['-layout', ...args, file, '-'], { encoding: 'utf8' });
}

/** The cells of each table row in the structure tree (pdfinfo -struct-text), in the tree's order. */
function structRows(structText: string): string[][] {
  const rows: string[][] = [];
  let inCell = false;
  for (const line of structText.split('\n')) {
    const tag = /^\s*(TR|TH|TD|Table|H1|H2|P|Document)\b/.exec(line)?.[1];
    if (tag === 'TR') rows.push([]);
    else if (tag === 'TH' || tag === 'TD') {
      inCell = true;
      rows.at(-1)?.push('');
    } else if (tag) inCell = false;
    else if (inCell && rows.length) {
      const text = /^\s*"(.*)"\s*$/.exec(line)?.[1];
      if (text !== undefined) rows.at(-1)![rows.at(-1)!.length - 1] += text;
    }
  }
  return rows;
}

/** The words of the line that starts with `label`. */
function lineOf(text: string, label: string): string[] {
  const line = text.split('\n').find((l) => l.trim().startsWith(`${label} `));
  expect(line).toBeDefined();
  return line!.trim().slice(label.length).trim().split(/\s+/);
}

beforeAll(async () => {
  db = await createTestDatabase();
  dataSource = await openDataSource(db.url);
  font = loadReportFont(loadConfig().reports);
  dir = mkdtempSync(path.join(tmpdir(), 'guankao-reports-'));
});

afterAll(async () => {
  await dataSource?.destroy();
  await db?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('budget report (臺灣 AI 行動計畫 2018, 表8)', () => {
  let data: BudgetReportData;
  let pdf: Buffer;
  let xlsx: Buffer;

  beforeAll(async () => {
    const [programme] = await dataSource.query(`SELECT id FROM programme WHERE code = 'aap2018'`);
    data = await loadBudgetReport(dataSource.manager, programme.id, AS_OF);
    pdf = await renderToBuffer((out) => renderBudgetReportPdf(data, out, font));
    xlsx = await renderToBuffer((out) => renderBudgetReportXlsx(data, out));
    writeFileSync(path.join(dir, 'budget.pdf'), pdf);
  });

  it('PDF: pdftotext reads the Chinese title, the as-of line and every 表8 figure in its row', () => {
    const text = pdftotext(path.join(dir, 'budget.pdf'));
    expect(text).toContain('臺灣 AI 行動計畫（2018-2021 年） 預算報表');
    expect(text).toContain(AS_OF_LINE);
    expect(text).toMatch(/107 年（2018）\s+108 年（2019）\s+109 年（2020）\s+110 年（2021）\s+合計/);
    for (const [label, figures] of [...TABLE_8, ...TABLE_8_TOTALS]) {
      expect([label, ...lineOf(text, label)]).toEqual([label, ...figures]);
    }
    expect(text).toContain('與計畫書所載之 33 項合計數核對，全部相符。');
    expect(text).toContain('第 1 頁／共 1 頁');
  });

  it('PDF: embeds a subset of the Chinese font, and stays small', () => {
    const fonts = execFileSync('pdffonts', [path.join(dir, 'budget.pdf')], { encoding: 'utf8' });
    // name, type…, emb yes, sub yes, uni yes
    expect(fonts).toMatch(/^[A-Z]{6}\+NotoSansCJKtc-Regular\s.*\syes\s+yes\s+yes\s/m);
    expect(pdf.length).toBeLessThan(120 * 1024);
  });

  it('XLSX: reopened, every cell holds the 表8 figure as a number, under a frozen two-row header', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('預算')!;
    expect(sheet.getCell('A1').value).toBe('臺灣 AI 行動計畫（2018-2021 年） 預算報表');
    expect(sheet.getCell('A3').value).toBe(AS_OF_LINE);
    // Rows 5-6: the header (group row, then 既有/新增), frozen beneath.
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 6 });
    expect(sheet.getRow(5).values).toEqual([
      undefined, '行動計畫', '107 年（2018）', '107 年（2018）', '108 年（2019）', '108 年（2019）', '109 年（2020）', '109 年（2020）',
      '110 年（2021）', '110 年（2021）', '合計', '合計', '預算總額',
    ]);
    expect(sheet.getRow(6).getCell(2).value).toBe('既有');
    expect(sheet.getRow(6).getCell(3).value).toBe('新增');

    const rowOf = (label: string) => {
      for (let r = 7; r <= sheet.rowCount; r++) if (sheet.getCell(r, 1).value === label) return sheet.getRow(r);
      throw new Error(`no row ${label}`);
    };
    for (const [label, figures] of TABLE_8) {
      const row = rowOf(label);
      const cells = figures.map((_, i) => row.getCell(i + 2));
      expect(cells.map((c) => typeof c.value)).toEqual(figures.map(() => 'number'));
      expect([label, ...cells.map((c) => c.value)]).toEqual([label, ...figures.map(Number)]);
      expect(cells[0].numFmt).toBe('#,##0.00##');
    }
    // 既有預算: 既有 columns only; 新增預算: 新增 columns only; 合計: merged over both.
    const existing = rowOf('既有預算');
    expect([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((c) => existing.getCell(c).value)).toEqual([90.59, null, 74.77, null, 74.29, null, 23.24, null, 262.89, null, 262.89]);
    const added = rowOf('新增預算');
    expect([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((c) => added.getCell(c).value)).toEqual([null, 2, null, 30, null, 33.8, null, 37.55, null, 103.35, 103.35]);
    const total = rowOf('合計');
    expect([2, 4, 6, 8, 10, 12].map((c) => total.getCell(c).value)).toEqual([92.59, 104.77, 108.09, 60.79, 366.24, 366.24]);
    expect(total.getCell(3).isMerged).toBe(true);
    expect(total.getCell(3).master.address).toBe(total.getCell(2).address);

    const check = workbook.getWorksheet('合計核對')!;
    const verdicts: string[] = [];
    check.eachRow((row, n) => n > 5 && verdicts.push(String(row.getCell(7).value)));
    expect(verdicts).toHaveLength(33);
    expect(verdicts.every((v) => v === '是')).toBe(true);
    expect(xlsx.length).toBeLessThan(40 * 1024);
  });

  it('XLSX: every axis × year × kind cell equals the budget lines summed by the database', async () => {
    const lines: { axis: string; year: number; kind: string; allocated: string }[] = await dataSource.query(
      `SELECT a.name AS axis, b.fiscal_year AS year, b.kind, sum(b.allocated)::text AS allocated
         FROM budget_line b JOIN axis a ON a.id = b.axis_id JOIN programme p ON p.id = b.programme_id
        WHERE p.code = 'aap2018' AND b.sub_project_id IS NULL GROUP BY 1, 2, 3`,
    );
    expect(lines).toHaveLength(40);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('預算')!;
    for (const line of lines) {
      let row = 7;
      while (sheet.getCell(row, 1).value !== line.axis) row++;
      const column = 2 + (line.year - 2018) * 2 + (line.kind === 'new' ? 1 : 0);
      expect([line.axis, line.year, line.kind, sheet.getCell(row, column).value]).toEqual([line.axis, line.year, line.kind, Number(line.allocated)]);
    }
  });

  it('shows a figure that disagrees with the printed total, instead of hiding it', async () => {
    await dataSource.query(SHIFT_AI_TALENT_2018_EXISTING, [1]);
    try {
      const [programme] = await dataSource.query(`SELECT id FROM programme WHERE code = 'aap2018'`);
      const changed = await loadBudgetReport(dataSource.manager, programme.id, AS_OF);
      const file = path.join(dir, 'budget-changed.pdf');
      writeFileSync(file, await renderToBuffer((out) => renderBudgetReportPdf(changed, out, font)));
      const text = pdftotext(file).replace(/\s+/g, '');
      expect(lineOf(pdftotext(file), 'AI 人才衝刺')[0]).toBe('20.43');
      expect(text).toMatch(/與計畫書所載之33項合計數核對，\d+項不符：/);
      expect(text).toContain('既有預算107年（既有）：計畫書90.59，加總91.59');
    } finally {
      await dataSource.query(SHIFT_AI_TALENT_2018_EXISTING, [-1]);
    }
  });
});

describe('PDF tables across pages', () => {
  const ROWS = 120;
  const longName = (i: number) => `第 ${i} 號子計畫：建構環境物聯網資料介接平臺，提供至少 20 種資料型、3 種通訊協定及功能 API 介接服務，促成業者提供數據流通服務模式（結尾${i}）`;
  let file: string;
  let pages: number;

  beforeAll(async () => {
    file = path.join(dir, 'long.pdf');
    const buffer = await renderToBuffer(async (out) => {
      const pdf = new PdfReport(out, { font, title: '子計畫一覽', subtitle: '跨頁表格測試', asOf: AS_OF });
      const table = pdf.table([
        { header: '序號', width: 1, align: 'right' },
        { header: '子計畫名稱', width: 6 },
        { header: '主辦機關', width: 2 },
        { header: '預算（億元）', width: 1.6, align: 'right' },
      ]);
      for (let i = 1; i <= ROWS; i++) table.row([String(i), longName(i), i % 2 ? '經濟部' : '數位發展部', `${i}.25`]);
      await pdf.end();
    });
    writeFileSync(file, buffer);
    pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
  });

  it('breaks the table across pages, repeating the header row on each, numbered 第 n 頁／共 m 頁', () => {
    expect(pages).toBeGreaterThan(3);
    for (const page of [1, 2, pages]) {
      const text = pdftotext(file, '-f', String(page), '-l', String(page));
      expect(text).toMatch(/序號\s+子計畫名稱\s+主辦機關\s+預算（億元）/);
      expect(text).toContain(`第 ${page} 頁／共 ${pages} 頁`);
    }
    expect(pdftotext(file, '-f', '2', '-l', '2')).not.toContain('跨頁表格測試'); // the title block is on page 1 only
  });

  it('wraps long Chinese text inside its cell and loses no row', () => {
    const text = pdftotext(file).replace(/\s+/g, '');
    for (let i = 1; i <= ROWS; i++) expect(text).toContain(`（結尾${i}）`);
    // Each name wraps: its start and its end are on different lines of the page.
    const page1 = pdftotext(file, '-f', '1', '-l', '1').split('\n');
    const start = page1.findIndex((l) => l.includes('第 1 號子計畫'));
    const end = page1.findIndex((l) => l.includes('（結尾1）'));
    expect(end).toBeGreaterThan(start);
  });

  it('is a tagged PDF: the header read once, then every row whole and in order across pages (what a screen reader follows)', () => {
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(/^Tagged:\s+yes$/m);
    const rows = structRows(execFileSync('pdfinfo', ['-struct-text', file], { encoding: 'utf8' }));
    // The header repeated on later pages is page furniture (an artifact), not another row.
    expect(rows).toHaveLength(ROWS + 1);
    expect(rows[0]).toEqual(['序號', '子計畫名稱', '主辦機關', '預算（億元）']);
    const flat = (s: string) => s.replace(/\s+/g, '');
    rows.slice(1).forEach((row, i) => expect(row.map(flat)).toEqual([String(i + 1), flat(longName(i + 1)), i % 2 ? '數位發展部' : '經濟部', `${i + 1}.25`]));
  });

  it('right-aligns numbers: every amount ends at the same x', () => {
    const html = execFileSync('pdftotext', ['-bbox', '-f', '2', '-l', '2', file, '-'], { encoding: 'utf8' });
    const rightEdges = [...html.matchAll(/xMax="([\d.]+)"[^>]*>\d+\.25</g)].map((m) => Math.round(Number(m[1])));
    expect(rightEdges.length).toBeGreaterThan(10);
    expect(new Set(rightEdges).size).toBe(1);
  });
});

describe('report font', () => {
  it('names REPORT_FONT_PATH and the package to install when the file is not there', () => {
    expect(() => loadReportFont({ REPORT_FONT_PATH: '/nonexistent/font.ttc', REPORT_FONT_NAME: 'NotoSansCJKtc-Regular' })).toThrow(
      /REPORT_FONT_PATH: no such font file "\/nonexistent\/font.ttc": install Debian's fonts-noto-cjk/,
    );
  });

  it('names REPORT_FONT_NAME when the collection has no such face', () => {
    const { REPORT_FONT_PATH } = loadConfig().reports;
    expect(() => loadReportFont({ REPORT_FONT_PATH, REPORT_FONT_NAME: 'NoSuchFont-Regular' })).toThrow(
      /REPORT_FONT_NAME: "NoSuchFont-Regular" is not in .*NotoSansCJKtc-Regular/,
    );
  });
});
