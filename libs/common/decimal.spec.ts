import { decimalToNumber, formatAmount } from './decimal.js';

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

describe('decimalToNumber', () => {
  it('reads the digits as printed', () => {
    expect(decimalToNumber('366.2400')).toBe(366.24);
    expect(decimalToNumber('0.0000')).toBe(0);
    expect(decimalToNumber('-1.5')).toBe(-1.5);
  });

  it('refuses anything that is not an exact decimal', () => {
    expect(() => decimalToNumber('1e3')).toThrow(/not an exact decimal/);
    expect(() => decimalToNumber('')).toThrow(/not an exact decimal/);
  });
});
