/**
 * Shows an exact decimal string (as PostgreSQL returns numeric) with at least two decimals and
 * no trailing zeros beyond them: "19.4300" → "19.43", "160" → "160.00". Never goes through a float.
 */
export function formatAmount(value: string): string;
export function formatAmount(value: string | null): string | null;
export function formatAmount(value: string | null): string | null {
  if (value === null) return null;
  const [whole, fraction = ''] = value.split('.');
  const trimmed = fraction.replace(/0+$/, '').padEnd(2, '0');
  return `${whole}.${trimmed}`;
}

const EXACT_DECIMAL = /^-?\d+(\.\d+)?$/;

/**
 * The number a spreadsheet cell holds for an exact decimal string (as PostgreSQL returns
 * numeric): the nearest double, read directly from the digits. Sums stay in SQL, never here.
 */
export function decimalToNumber(value: string): number {
  if (!EXACT_DECIMAL.test(value)) throw new Error(`not an exact decimal: "${value}"`);
  return Number(value);
}
