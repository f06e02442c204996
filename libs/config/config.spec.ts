import { ConfigError, loadConfig, logLevels } from './config.js';

describe('loadConfig', () => {
  it('applies documented defaults for local development', () => {
    const config = loadConfig({});
    expect(config.database.DATABASE_URL).toBe('postgres://guankao_app@127.0.0.1:5432/guankao');
    expect(config.database.MIGRATION_DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/guankao');
    expect(config.redis.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.http.PORT).toBe(3000);
    expect(config.http.publicUrl).toBe('http://127.0.0.1:3000');
    expect(config.runtime.NODE_ENV).toBe('development');
  });

  it('migrates through DATABASE_URL when only that is set (one role), else through MIGRATION_DATABASE_URL', () => {
    const single = loadConfig({ DATABASE_URL: 'postgres://me@db:5432/x' }).database;
    expect(single.MIGRATION_DATABASE_URL).toBe('postgres://me@db:5432/x');
    const pair = loadConfig({ DATABASE_URL: 'postgres://app@db:5432/x', MIGRATION_DATABASE_URL: 'postgres://owner@db:5432/x' }).database;
    expect(pair).toMatchObject({ DATABASE_URL: 'postgres://app@db:5432/x', MIGRATION_DATABASE_URL: 'postgres://owner@db:5432/x' });
  });

  it('names every invalid variable in one error', () => {
    let error: unknown;
    try {
      loadConfig({ DATABASE_URL: 'mysql://x', PORT: 'eighty', REDIS_URL: 'not a url' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/DATABASE_URL/);
    expect(problems).toMatch(/PORT/);
    expect(problems).toMatch(/REDIS_URL/);
    expect((error as ConfigError).problems).toHaveLength(3);
  });

  it('treats blank variables as unset', () => {
    expect(loadConfig({ PORT: ' ' }).http.PORT).toBe(3000);
  });
});

describe('logLevels', () => {
  it('includes the level and every more severe one', () => {
    expect(logLevels('warn')).toEqual(['error', 'warn']);
    expect(logLevels('verbose')).toEqual(['error', 'warn', 'log', 'debug', 'verbose']);
  });
});
