import type { DbHandle } from './db-handle.js';

/**
 * SQL in one place per feature: each feature keeps its statements in `libs/<feature>/*.queries.ts`, each one
 * declared with `defineQuery` (or `defineQueryBuilder` when its text depends on its arguments) together with the
 * columns it returns. test/sql-queries.int-spec.ts finds every such export and checks it on the migrated schema:
 * the statement must parse and plan (a missing table or column fails there, not in production) and the columns
 * the database describes must be exactly the declared ones.
 */
const SQL_QUERY = Symbol.for('guankao.sql-query');
const SQL_QUERY_BUILDER = Symbol.for('guankao.sql-query-builder');

/** Every column of a row type, each marked `true`: the compiler insists the list and the type agree. */
export type Columns<Row> = { readonly [K in keyof Row]-?: true };

export interface SqlQuery<Row extends object = Record<never, never>> {
  readonly [SQL_QUERY]: true;
  /** Unique, `<feature>.<what>`: names the query in a failing check. */
  readonly name: string;
  readonly text: string;
  /** The result's column names in order of declaration (empty for a statement that returns no rows). */
  readonly columns: readonly string[];
  /** Values a builder bound while writing the text (sqlParams); used when `rowsOf` is given none. */
  readonly params?: readonly unknown[];
  /** Carries the row type; never set. */
  readonly row?: Row;
}

/** A statement with its declared result columns. */
export function defineQuery<Row extends object>(name: string, text: string, columns: Columns<Row>): SqlQuery<Row> {
  return { [SQL_QUERY]: true, name, text, columns: Object.keys(columns) };
}

/** A statement that returns no rows (INSERT/UPDATE/DELETE without RETURNING). */
export function defineStatement(name: string, text: string): SqlQuery {
  return { [SQL_QUERY]: true, name, text, columns: [] };
}

export interface SqlQueryBuilder<Row extends object, Args extends unknown[]> {
  (...args: Args): SqlQuery<Row>;
  readonly [SQL_QUERY_BUILDER]: true;
  /** One built statement per sample, for the schema check. */
  readonly samples: readonly SqlQuery<Row>[];
}

/**
 * A statement whose text depends on its arguments (optional filters, IN lists). `build` returns the text, or the
 * text with the values it bound. `samples` are the argument lists the schema check builds it with: cover each
 * optional branch once.
 */
export function defineQueryBuilder<Row extends object, Args extends unknown[]>(
  name: string, build: (...args: Args) => string | { text: string; params: readonly unknown[] }, columns: Columns<Row>, samples: Args[],
): SqlQueryBuilder<Row, Args> {
  const declared = Object.keys(columns);
  const make = (...args: Args): SqlQuery<Row> => {
    const built = build(...args);
    return typeof built === 'string'
      ? { [SQL_QUERY]: true, name, text: built, columns: declared }
      : { [SQL_QUERY]: true, name, text: built.text, params: built.params, columns: declared };
  };
  return Object.assign(make, {
    [SQL_QUERY_BUILDER]: true as const,
    samples: samples.map((args, i) => ({ ...make(...args), name: `${name}#${i + 1}` })),
  });
}

/** Runs a declared query and types its rows. */
export async function rowsOf<Row extends object>(db: DbHandle, query: SqlQuery<Row>, params?: readonly unknown[]): Promise<Row[]> {
  return (await db.query(query.text, [...(params ?? query.params ?? [])])) as Row[];
}

/** The first row, or undefined. */
export async function rowOf<Row extends object>(db: DbHandle, query: SqlQuery<Row>, params?: readonly unknown[]): Promise<Row | undefined> {
  return (await rowsOf(db, query, params))[0];
}

/** Runs a declared statement for its effect. */
export async function execute(db: DbHandle, statement: SqlQuery<object>, params?: readonly unknown[]): Promise<void> {
  await db.query(statement.text, [...(params ?? statement.params ?? [])]);
}

/** Every declared query among a module's exports, also inside exported plain objects (used by the schema check). */
export function declaredQueries(moduleExports: Record<string, unknown>): SqlQuery<object>[] {
  const found: SqlQuery<object>[] = [];
  const visit = (value: unknown, depth: number): void => {
    if (typeof value === 'function' && SQL_QUERY_BUILDER in value) found.push(...(value as unknown as SqlQueryBuilder<object, unknown[]>).samples);
    else if (typeof value !== 'object' || value === null) return;
    else if (SQL_QUERY in value) found.push(value as SqlQuery<object>);
    else if (depth < 3 && Object.getPrototypeOf(value) === Object.prototype) for (const v of Object.values(value)) visit(v, depth + 1);
  };
  for (const value of Object.values(moduleExports)) visit(value, 1);
  return found;
}
