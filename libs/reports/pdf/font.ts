import { existsSync } from 'node:fs';
import * as fontkit from 'fontkit';
import type { ReportsConfig } from '../../config/config.js';
import { skipIdleLookups } from './shaping.js';

/** A parsed font, shared by every document of the process: parsing a CJK font is the costly part. */
export interface ReportFont {
  readonly font: fontkit.Font;
  readonly postscriptName: string;
}

const loaded = new Map<string, ReportFont>();

/** Characters every report needs; a font without them cannot set Traditional Chinese. */
const REQUIRED = '管考資料截至民國頁共';

/**
 * Opens REPORT_FONT_PATH once per process (REPORT_FONT_NAME picks the face of a .ttc collection)
 * and checks it covers Traditional Chinese, with errors naming the variable to fix.
 */
export function loadReportFont(config: Pick<ReportsConfig, 'REPORT_FONT_PATH' | 'REPORT_FONT_NAME'>): ReportFont {
  const key = `${config.REPORT_FONT_PATH}#${config.REPORT_FONT_NAME}`;
  const cached = loaded.get(key);
  if (cached) return cached;

  if (!existsSync(config.REPORT_FONT_PATH)) {
    throw new Error(
      `REPORT_FONT_PATH: no such font file "${config.REPORT_FONT_PATH}": install Debian's fonts-noto-cjk (apt-get install fonts-noto-cjk), or point this at a TrueType/OpenType font covering Traditional Chinese`,
    );
  }
  let opened: fontkit.Font | fontkit.FontCollection;
  try {
    opened = fontkit.openSync(config.REPORT_FONT_PATH);
  } catch (e) {
    throw new Error(`REPORT_FONT_PATH: cannot read "${config.REPORT_FONT_PATH}" as a font (${(e as Error).message})`);
  }
  let font: fontkit.Font;
  if (opened.type === 'TTC' || opened.type === 'DFont') {
    const collection = opened as fontkit.FontCollection;
    const face = collection.getFont(config.REPORT_FONT_NAME);
    if (!face) {
      const names = collection.fonts.map((f) => f.postscriptName).join(', ');
      throw new Error(`REPORT_FONT_NAME: "${config.REPORT_FONT_NAME}" is not in ${config.REPORT_FONT_PATH}; it holds ${names}`);
    }
    font = face;
  } else {
    font = opened as fontkit.Font;
  }
  const missing = [...REQUIRED].filter((c) => !font.hasGlyphForCodePoint(c.codePointAt(0)!));
  if (missing.length > 0) {
    throw new Error(`REPORT_FONT_PATH: ${font.postscriptName} has no glyph for ${missing.join('')}; reports need a font covering Traditional Chinese`);
  }
  skipIdleLookups(font);
  const result = { font, postscriptName: font.postscriptName };
  loaded.set(key, result);
  return result;
}
