/**
 * Anything that runs SQL: a DataSource, an EntityManager, a QueryRunner or a workflow's Tx (whose audit and
 * outbox rows go with it). Services take this rather than one of those, so a read and a workflow step share
 * their queries. Untyped on purpose: typed rows come from a feature's `*.queries.ts` through `rowsOf`.
 */
export interface DbHandle {
  query(sql: string, params?: unknown[]): Promise<any>;
}
