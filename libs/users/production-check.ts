import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DEFAULT_DEMO_PASSWORD, needsRehash, verifyPassword } from '../auth/passwords.js';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import type { DbHandle } from '../database/db-handle.js';
import { rowsOf } from '../database/sql-query.js';
import { DEMO_ACCOUNTS, PASSWORD_HASHES } from './users.queries.js';

export class DemoAccountsInProductionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DemoAccountsInProductionError';
  }
}

/**
 * Why a production database may not be served: demo accounts in it, or accounts whose password is
 * the demo password (the configured one or the default). Hashes at today's parameters were made
 * through the password policy, which refuses the default demo password; the seed hashes demo
 * passwords at the weaker DEMO_ARGON2_PARAMS and sign-in never upgrades a demo password's hash. So
 * only weaker hashes are tried, and the check stays fast however many users there are.
 */
export async function demoAccountProblems(db: DbHandle, demoPassword: string): Promise<string[]> {
  const problems: string[] = [];
  const demo = await rowsOf(db, DEMO_ACCOUNTS);
  if (demo.length) problems.push(`${demo.length} demo account(s): ${demo.map((d) => d.email).join(', ')}`);
  const passwords = [...new Set([demoPassword, DEFAULT_DEMO_PASSWORD])];
  const old = (await rowsOf(db, PASSWORD_HASHES)).filter((r) => needsRehash(r.password_hash));
  const withDemoPassword: string[] = [];
  for (const row of old) {
    for (const password of passwords) {
      if (await verifyPassword(row.password_hash, password)) {
        withDemoPassword.push(row.email);
        break;
      }
    }
  }
  if (withDemoPassword.length) problems.push(`${withDemoPassword.length} account(s) with the demo password: ${withDemoPassword.join(', ')}`);
  return problems;
}

/** With NODE_ENV=production, the API and the worker refuse to start while demo accounts or the demo password are in the database. */
@Injectable()
export class ProductionAccountsCheck implements OnApplicationBootstrap {
  private readonly logger = new Logger('users');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.runtime.NODE_ENV !== 'production') return;
    const problems = await demoAccountProblems(this.dataSource, this.config.seed.DEMO_PASSWORD);
    if (problems.length === 0) return;
    const message = `Refusing to start with NODE_ENV=production: the database has ${problems.join('; and ')}. `
      + 'Delete the demo accounts (DELETE FROM app_user WHERE is_demo) and have every listed account set a new password '
      + '(an administrator sends a reset link: POST /api/users/{id}/send-link), then start again.';
    this.logger.error(message);
    throw new DemoAccountsInProductionError(message);
  }
}
