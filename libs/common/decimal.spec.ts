import { formatAmount } from './decimal.js';

describe('formatAmount', () => {
  it.each([
    ['19.4300', '19.43'],
    ['0.0000', '0.00'],
    ['160', '160.00'],
    ['366.2400', '366.24'],
    ['1.2345', '1.2345'],
    ['12.5000', '12.50'],
  ])('%s → %s', (input, expected) => {
    expect(formatAmount(input)).toBe(expected);
  });

  it('keeps null', () => {
    expect(formatAmount(null)).toBeNull();
  });
});
