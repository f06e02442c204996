import type { DataSource } from 'typeorm';

/** Migrations that exist in code but have not run on this database. */
export async function pendingMigrations(dataSource: DataSource): Promise<string[]> {
  const table = dataSource.options.migrationsTableName ?? 'migrations';
  const exists = await dataSource.query(`SELECT to_regclass($1) IS NOT NULL AS "exists"`, [table]);
  const executed = new Set<string>(
    exists[0].exists ? (await dataSource.query(`SELECT name FROM "${table}"`)).map((r: { name: string }) => r.name) : [],
  );
  return dataSource.migrations.map((m) => m.name ?? m.constructor.name).filter((name) => !executed.has(name));
}

/** SQL TypeORM would run to make the database match the entities: empty when there is no drift. */
export async function schemaDrift(dataSource: DataSource): Promise<string[]> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  return sql.upQueries.map((q) => q.query);
}
