import type { DataSource } from 'typeorm';
import type { SqlQuery } from './sql-query.js';

/**
 * The rows of one query in batches, read through a server-side cursor in a read-only REPEATABLE READ
 * transaction: one sort and one consistent snapshot however many rows, memory bounded by the batch.
 * Holds one pooled connection until the caller has read everything or stops early (break / throw).
 */
export async function* cursorRows<Row extends object>(dataSource: DataSource, query: SqlQuery<Row>, batchSize = 1000): AsyncGenerator<Row[]> {
  const runner = dataSource.createQueryRunner('slave');
  await runner.connect();
  let open = false;
  try {
    await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    open = true;
    await runner.query(`DECLARE rows_cursor NO SCROLL CURSOR FOR ${query.text}`, [...(query.params ?? [])]);
    for (;;) {
      const batch = (await runner.query(`FETCH ${Math.trunc(batchSize)} FROM rows_cursor`)) as Row[];
      if (batch.length > 0) yield batch;
      if (batch.length < batchSize) break;
    }
    await runner.query('COMMIT');
    open = false;
  } finally {
    // A reader that stopped early leaves the transaction open: ending it closes the cursor too.
    if (open) await runner.query('ROLLBACK').catch(() => undefined);
    await runner.release();
  }
}
