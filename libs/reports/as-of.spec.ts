import { asOfLine, asOfShort } from './as-of.js';

describe('asOfLine', () => {
  it('states the instant in ROC and AD, in Taipei time', () => {
    expect(asOfLine(new Date('2026-11-22T06:30:00Z'))).toBe('資料截至 民國 115 年 11 月 22 日 14:30（2026-11-22 14:30 台北時間）');
  });

  it('moves to the next Taipei day after 16:00 UTC, and shows midnight as 00', () => {
    expect(asOfLine(new Date('2018-12-31T16:00:00Z'))).toBe('資料截至 民國 108 年 1 月 1 日 00:00（2019-01-01 00:00 台北時間）');
    expect(asOfShort(new Date('2018-12-31T16:05:00Z'))).toBe('108/01/01 00:05');
  });
});
