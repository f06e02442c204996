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

/** Built by test/global-setup.mjs (same name there): migrated and seeded; every test file clones it. */
export const TEMPLATE_DATABASE = 'guankao_test_template';
export const TEST_DATABASE_PREFIX = 'guankao_test_';
