import { dateView, fromRocYear, toRocYear, yearView } from './roc.js';

describe('ROC years', () => {
  it('converts both ways (民國 107 = 2018, 112 = 2023)', () => {
    expect(toRocYear(2018)).toBe(107);
    expect(fromRocYear(112)).toBe(2023);
    expect(yearView(2026)).toEqual({ ad: 2026, roc: 115 });
    expect(yearView(null)).toBeNull();
  });

  it('shows a date in ROC form', () => {
    expect(dateView('2018-12-31')).toEqual({ ad: '2018-12-31', roc: '107/12/31' });
  });
});
