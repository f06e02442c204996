/** Whether two exact decimal texts are the same number ("1.2000" and "1.2"), compared as text, never as doubles. */
export function sameDecimal(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  const norm = (v: string) => (v.includes('.') ? v.replace(/0+$/, '').replace(/\.$/, '') : v).replace(/^(-?)0+(?=\d)/, '$1');
  return norm(a) === norm(b);
}
