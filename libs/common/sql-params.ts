/**
 * Positional parameters for SQL built piece by piece: `param(value)` adds a value and returns its
 * placeholder ($1, $2 …); pass `values` with the statement.
 */
export function sqlParams(): { values: unknown[]; param: (value: unknown) => string } {
  const values: unknown[] = [];
  return { values, param: (value) => `$${values.push(value)}` };
}
