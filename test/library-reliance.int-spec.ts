import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, type Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import { loadConfig } from '../libs/config/config.js';
import { datedWorkbookWriter } from '../libs/files/index.js';
import { loadReportFont } from '../libs/reports/pdf/font.js';
import { PdfReport } from '../libs/reports/pdf/pdf-report.js';
import { skipIdleLookups } from '../libs/reports/pdf/shaping.js';

/**
 * What the code relies on inside pdfkit, fontkit and exceljs beyond their documented API (issue 10).
 * The three are pinned exactly in package.json; each reliance is checked here, so an upgrade that
 * changes one fails this file, naming it, instead of a report going wrong.
 *
 * pdfkit's own doc.table() (0.17+) was considered for PdfReport's tables: it continues a table on
 * a new page but does not repeat the header rows there nor cut a row taller than a page, which the
 * reports need; the hand-made layout stays.
 */
const reports = loadConfig().reports;
const PINNED = { pdfkit: '0.20.2', fontkit: '2.0.4', exceljs: '4.4.0' };

it('pdfkit, fontkit and exceljs are pinned exactly, and installed at the version this file checks', () => {
  const manifest = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  for (const [name, version] of Object.entries(PINNED)) {
    const installed = (JSON.parse(readFileSync(join(process.cwd(), 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
    expect([name, manifest.dependencies[name], installed]).toEqual([name, version, version]);
  }
});

async function bytesOf(write: (out: Writable) => Promise<void>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await write(out);
  await finished(out);
  return Buffer.concat(chunks);
}

/** Every entry of a ZIP's central directory: its name and its DOS date and time (local time, 2 s steps). */
function zipEntries(zip: Buffer): { name: string; date: Date }[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries: { name: string; date: Date }[] = [];
  for (let i = 0; i < count; i++) {
    const time = zip.readUInt16LE(at + 12);
    const day = zip.readUInt16LE(at + 14);
    const nameLength = zip.readUInt16LE(at + 28);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    entries.push({ name, date: new Date(1980 + (day >> 9), ((day >> 5) & 15) - 1, day & 31, time >> 11, (time >> 5) & 63, (time & 31) * 2) });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

describe('exceljs 4.4.0', () => {
  const asOf = new Date(2024, 2, 5, 10, 20, 30); // local time: ZIP dates are local, in 2 s steps

  async function workbook(): Promise<Buffer> {
    return bytesOf(async (out) => {
      const book = datedWorkbookWriter(out, asOf);
      const sheet = book.addWorksheet('資料');
      sheet.addRow(['=HYPERLINK("https://evil.example","x")', 1.5]).commit();
      sheet.commit();
      await book.commit();
    });
  }

  it('its WorkbookWriter keeps `zip` and `zipOptions` and adds parts through zip.append from addThemes on: every entry is dated with the as-of', async () => {
    const entries = zipEntries(await workbook());
    expect(entries.map((e) => e.name)).toEqual(expect.arrayContaining(['[Content_Types].xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml', 'xl/theme/theme1.xml']));
    for (const entry of entries) expect([entry.name, entry.date.getTime()]).toEqual([entry.name, asOf.getTime()]);
  });

  it('the same as-of and data give the same bytes', async () => {
    expect((await workbook()).equals(await workbook())).toBe(true);
  });

  it('writes a string as a text cell, never a formula (exported user text stays text)', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await workbook()) as never);
    const cell = book.worksheets[0].getCell(1, 1);
    expect([cell.type, cell.value]).toEqual([ExcelJS.ValueType.String, '=HYPERLINK("https://evil.example","x")']);
  });
});

describe('fontkit 2.0.4', () => {
  const open = (): fontkit.Font => {
    const opened = fontkit.openSync(reports.REPORT_FONT_PATH);
    return opened.type === 'TTC' ? (opened as fontkit.FontCollection).getFont(reports.REPORT_FONT_NAME)! : (opened as fontkit.Font);
  };
  type Engine = Record<'GSUBProcessor' | 'GPOSProcessor', { applyLookups: (lookups: unknown[], ...rest: unknown[]) => void }>;

  it('a font has _layoutEngine.engine.{GSUB,GPOS}Processor.applyLookups, and skipIdleLookups reads its lookups\' coverage (most are skipped for Latin text)', () => {
    const font = open();
    const engine = (font as unknown as { _layoutEngine?: { engine?: Engine } })._layoutEngine?.engine;
    expect(typeof engine?.GSUBProcessor?.applyLookups).toBe('function');
    expect(typeof engine?.GPOSProcessor?.applyLookups).toBe('function');
    // Count what fontkit is given, and what reaches fontkit's own loop after the filter.
    let offered = 0;
    let applied = 0;
    for (const key of ['GSUBProcessor', 'GPOSProcessor'] as const) {
      const processor = engine![key];
      const original = processor.applyLookups.bind(processor);
      processor.applyLookups = (lookups, ...rest) => {
        applied += lookups.length;
        original(lookups, ...rest);
      };
    }
    skipIdleLookups(font);
    for (const key of ['GSUBProcessor', 'GPOSProcessor'] as const) {
      const filtered = engine![key].applyLookups;
      engine![key].applyLookups = (lookups, ...rest) => {
        offered += lookups.length;
        filtered(lookups, ...rest);
      };
    }
    font.layout('bench10k-sp-00001 AVATAR');
    expect(offered).toBeGreaterThan(0);
    // Fields renamed in fontkit would make every lookup "unknown" and run: applied would equal offered.
    expect(applied).toBeLessThan(offered / 2);
  });
});

describe('pdfkit 0.20.2', () => {
  const font = loadReportFont(reports);

  it('takes a parsed fontkit font in registerFont and shapes with that object (the lookup filter applies)', () => {
    const doc = new PDFDocument({ size: 'A4' });
    let calls = 0;
    const engine = (font.font as unknown as { _layoutEngine: { engine: Record<string, { applyLookups: (...a: unknown[]) => void }> } })._layoutEngine.engine;
    const filtered = engine.GSUBProcessor.applyLookups;
    engine.GSUBProcessor.applyLookups = (...args: unknown[]) => {
      calls++;
      filtered(...args);
    };
    try {
      doc.registerFont('report', font.font as unknown as string);
      doc.font('report').fontSize(9).text('經濟部 第 1 頁');
    } finally {
      engine.GSUBProcessor.applyLookups = filtered;
      doc.end();
    }
    expect(calls).toBeGreaterThan(0);
  });

  it('keeps _fontSize, _font {id, ascender, ref(), encode()} and page.xobjects, which the page-number labels use', () => {
    const doc = new PDFDocument({ size: 'A4' });
    doc.registerFont('report', font.font as unknown as string);
    doc.font('report').fontSize(9);
    const internals = doc as unknown as { _fontSize: unknown; _font: { id: unknown; ascender: unknown; ref: unknown; encode: (text: string) => [unknown[], { xAdvance: unknown; advanceWidth: unknown }[]] } };
    expect(internals._fontSize).toBe(9);
    expect(typeof internals._font.id).toBe('string');
    expect(typeof internals._font.ascender).toBe('number');
    expect(typeof internals._font.ref).toBe('function');
    const [glyphs, positions] = internals._font.encode('第 1 頁');
    expect(glyphs.every((g) => typeof g === 'string' && /^[0-9a-f]+$/i.test(g))).toBe(true);
    expect(positions.every((p) => typeof p.xAdvance === 'number' && typeof p.advanceWidth === 'number')).toBe(true);
    expect(typeof (doc.page as unknown as { xobjects: unknown }).xobjects).toBe('object');
    doc.end();
  });

  it('embeds a subset of the font (a report is kilobytes, not the font\'s megabytes), with page numbers that read as text; same as-of, same bytes', async () => {
    const render = () => bytesOf(async (out) => {
      const report = new PdfReport(out, { font, title: '程式庫依賴檢查', asOf: new Date('2026-11-22T06:30:00Z') });
      const table = report.table([{ header: '代碼', width: 1 }, { header: '名稱', width: 3 }]);
      for (let i = 0; i < 80; i++) table.row([`rel-${i}`, `細部計畫 ${i}：人工智慧應用推動`]);
      await report.end();
    });
    const pdf = await render();
    expect(pdf.length).toBeLessThan(300_000);
    expect((await render()).equals(pdf)).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'guankao-reliance-'));
    try {
      const file = join(dir, 'report.pdf');
      writeFileSync(file, pdf);
      const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
      expect(fonts.length).toBeGreaterThan(0);
      // name, type, encoding, emb, sub, uni: every font embedded as a subset (ABCDEF+Name).
      for (const line of fonts) expect(line).toMatch(/^[A-Z]{6}\+\S+.*\byes\s+yes\b/);
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      expect(text).toContain('rel-79');
      expect(text).toMatch(/第 1 頁／共 [2-9] 頁/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
