import { PassThrough } from 'node:stream';
import { datedWorkbookWriter } from '../files/xlsx.js';
import type { ImportKind } from './kinds/kind.js';

/** Templates carry a fixed date, so the same kind gives the same bytes. */
const TEMPLATE_DATE = new Date('2026-01-01T00:00:00Z');

const GENERAL_NOTES: readonly [string, string][] = [
  ['第一列為欄位名稱，請勿更改；自第二列起每列一筆資料。', 'Row 1 holds the column names: keep them. Each row after it is one record.'],
  ['日期可寫民國 115/12/31、115.12.31、115-12-31、1151231，或西元 2026-12-31、2026/12/31，或使用儲存格日期格式。', 'Dates: ROC 115/12/31, 115.12.31, 115-12-31, 1151231, or AD 2026-12-31, 2026/12/31, or a date cell.'],
  ['年度可寫民國年（115）或西元年（2026）。', 'Years: ROC (115) or AD (2026).'],
  ['金額以億元為單位，依檔案所寫的數字精確處理（不經浮點數），最多 4 位小數。', 'Amounts in 億元 are kept exactly as written (never as floating point), up to 4 decimals.'],
  ['公式不會被計算：系統讀取檔案中儲存的計算結果，並在預覽中註明。', 'Formulas are never evaluated: the value the file stored is used, and the preview says so.'],
  ['上傳後先預覽：每列顯示將新增、變更（原值 → 新值）或不變，以及所有問題；確認後一次全部寫入（全有或全無）。', 'Upload shows a preview first: per row created, changed (old → new) or unchanged, and every problem; confirm writes all of it at once or nothing.'],
  ['以代碼欄比對：同一檔案再匯入一次不會有任何變更。', 'Rows are matched by their key column: importing the same file again changes nothing.'],
  ['接受 .xlsx、.ods、.csv（UTF-8、含 BOM 的 UTF-8 或 Big5）；不接受含巨集或加密的活頁簿。', 'Accepted: .xlsx, .ods, .csv (UTF-8, UTF-8 with BOM or Big5); macro-enabled or encrypted workbooks are refused.'],
];

/** The template workbook of a kind: an empty data sheet with the zh-TW column names, and a sheet of instructions. */
export function templateWorkbook(kind: ImportKind<{ key: string }>): PassThrough {
  const out = new PassThrough();
  const workbook = datedWorkbookWriter(out, TEMPLATE_DATE);
  void (async () => {
    const data = workbook.addWorksheet(kind.sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
    data.columns = kind.columns.map((c) => ({ header: c.header, key: c.key, width: Math.max(12, c.header.length * 3) }));
    data.getRow(1).font = { bold: true };
    data.getRow(1).commit();
    await data.commit();
    const help = workbook.addWorksheet('說明');
    help.columns = [{ width: 18 }, { width: 22 }, { width: 8 }, { width: 60 }, { width: 50 }, { width: 28 }];
    help.addRow([`${kind.title}匯入範本`, `${kind.titleEn} import template`]).font = { bold: true, size: 14 };
    help.addRow([]);
    const head = help.addRow(['欄位名稱', 'Column', '必填', '說明', 'Meaning', '範例 Example']);
    head.font = { bold: true };
    for (const c of kind.columns) help.addRow([c.header, c.headerEn, c.required ? '是' : '否', c.help, c.helpEn, c.example]).commit();
    help.addRow([]);
    help.addRow(['填寫須知', 'Notes']).font = { bold: true };
    for (const [zh, en] of GENERAL_NOTES) help.addRow([zh, en]).commit();
    await help.commit();
    await workbook.commit();
  })().catch((e: Error) => out.destroy(e));
  return out;
}
