import type { EntityManager } from 'typeorm';

/**
 * Runs a report's reads in one snapshot (REPEATABLE READ, read only), so every figure of a report
 * comes from the same moment even while ministries keep writing. Inside a caller's transaction,
 * that transaction is the snapshot.
 */
export async function inSnapshot<T>(manager: EntityManager, read: (manager: EntityManager) => Promise<T>): Promise<T> {
  if (manager.queryRunner?.isTransactionActive) return read(manager);
  return manager.transaction('REPEATABLE READ', async (tx) => {
    await tx.query('SET TRANSACTION READ ONLY');
    return read(tx);
  });
}
