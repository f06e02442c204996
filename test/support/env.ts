/** Where the tests find PostgreSQL: TEST_DATABASE_URL's server, else DATABASE_URL's, else the local default. */
export function testServerUrl(): URL {
  const base = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/guankao';
  const url = new URL(base);
  url.pathname = '/postgres';
  return url;
}

export function databaseUrl(name: string): string {
  const url = testServerUrl();
  url.pathname = `/${name}`;
  return url.toString();
}

/** This run's template, built by test/global-setup.mjs: migrated and seeded; every test file clones it. */
export function templateDatabase(): string {
  const name = process.env.GUANKAO_TEST_TEMPLATE;
  if (!name) throw new Error('GUANKAO_TEST_TEMPLATE is not set: run the tests with `npm test` (test/global-setup.mjs)');
  return name;
}

export const TEST_DATABASE_PREFIX = 'guankao_test_';
