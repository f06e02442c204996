import { TIME_ZONE } from '../common/clock.js';
import { toRocYear } from '../common/roc.js';

const taipeiParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});

function parts(at: Date): Record<'year' | 'month' | 'day' | 'hour' | 'minute', string> {
  const p = Object.fromEntries(taipeiParts.formatToParts(at).map((x) => [x.type, x.value]));
  return { year: p.year, month: p.month, day: p.day, hour: p.hour, minute: p.minute };
}

/**
 * The as-of line every report carries, in both calendars and Taipei time:
 * "資料截至 民國 115 年 11 月 22 日 14:30（2026-11-22 14:30 台北時間）".
 */
export function asOfLine(at: Date): string {
  const p = parts(at);
  const roc = `民國 ${toRocYear(Number(p.year))} 年 ${Number(p.month)} 月 ${Number(p.day)} 日 ${p.hour}:${p.minute}`;
  return `資料截至 ${roc}（${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} 台北時間）`;
}

/** "115/11/22 14:30" for page footers, where the full line is too long. */
export function asOfShort(at: Date): string {
  const p = parts(at);
  return `${toRocYear(Number(p.year))}/${p.month}/${p.day} ${p.hour}:${p.minute}`;
}
