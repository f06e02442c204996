import * as fontkit from 'fontkit';
import { loadConfig } from '../../config/config.js';
import { skipIdleLookups } from './shaping.js';

/** The same face opened twice: one as fontkit shapes it, one with the idle lookups skipped. */
function openFace(): fontkit.Font {
  const { REPORT_FONT_PATH, REPORT_FONT_NAME } = loadConfig().reports;
  const opened = fontkit.openSync(REPORT_FONT_PATH);
  return opened.type === 'TTC' ? (opened as fontkit.FontCollection).getFont(REPORT_FONT_NAME)! : (opened as fontkit.Font);
}

const shaped = (font: fontkit.Font, text: string) => {
  const run = font.layout(text);
  return run.glyphs.map((g, i) => [g.id, run.positions[i].xAdvance, run.positions[i].yAdvance, run.positions[i].xOffset, run.positions[i].yOffset]);
};

describe('skipIdleLookups', () => {
  // Text the reports set: codes (the TC face's Latin locl digits, kerning), Chinese with digits, dates,
  // figures, punctuation of both widths, ligatures and kerning pairs, a combining mark.
  const samples = [
    'bench10k-sp-00001', 'aap2018-ai-talent-m2', '效能測試細部計畫第 123 號：人工智慧應用推動', '經濟部', '115/01/15', '1,234,567.25',
    '第 12 頁／共 345 頁', '進度落後預定 12 個百分點，經費執行率 61%', 'AVATAR Te fi ffi office WAVE To Ty', '“quoted” — dash… (paren) [x] 「引號」《書名》',
    '資料截至 民國 115 年 11 月 22 日 14:30（2026-11-22 14:30 台北時間）', 'café naïve e\u0301', '① ② ㈱ ㎏ ℃', '臺灣 AI 行動計畫（2018-2021 年）',
  ];

  it('shapes every sample exactly as fontkit does', () => {
    const reference = openFace();
    const filtered = openFace();
    skipIdleLookups(filtered);
    for (const text of samples) expect([text, shaped(filtered, text)]).toEqual([text, shaped(reference, text)]);
  });

  it('is idempotent', () => {
    const font = openFace();
    skipIdleLookups(font);
    skipIdleLookups(font);
    // Installed on this font's own processors (a no-op here would make the test above vacuous).
    const engine = (font as unknown as { _layoutEngine: { engine: Record<string, object> } })._layoutEngine.engine;
    expect(Object.hasOwn(engine.GSUBProcessor, 'applyLookups') && Object.hasOwn(engine.GPOSProcessor, 'applyLookups')).toBe(true);
    expect(shaped(font, 'bench10k-sp-00001')).toEqual(shaped(openFace(), 'bench10k-sp-00001'));
  });
});
