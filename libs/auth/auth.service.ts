import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor } from '../access/actor.js';
import { AppError } from '../common/errors.js';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import { execute, rowOf } from '../database/sql-query.js';
import { INSERT_LOGIN_ATTEMPT, LOGIN_LIMITS, REHASH_PASSWORD, USER_FOR_LOGIN } from './auth.queries.js';
import { DEFAULT_DEMO_PASSWORD, hashPassword, needsRehash, verifyPassword } from './passwords.js';
import type { SessionKind } from './session.entity.js';
import { SessionService, type TokenPair } from './session.service.js';

/** A valid argon2id hash (at ARGON2_PARAMS) of a random string: verifying unknown users costs the same time. */
const DUMMY_HASH = '$argon2id$v=19$m=65536,t=3,p=1$Ok+q2dNtprxGFJ/IGZ/ZYA$qERUJ6o+Dqi5XQMJpMcQzqtJTh5OtTNoYPjQuxI6ahI';

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

/** An address this account signed in from within this many days is spared the per-account lock. */
const KNOWN_ADDRESS_DAYS = 30;

/** Failures that count towards the limits: a wrong password (or an unknown or inactive account). Refusals do not. */
const FAILURE_REASONS = ['bad_password', 'unknown_user', 'inactive'];

/**
 * Sign-in, every attempt recorded. Three limits over LOGIN_WINDOW_SECONDS, each counting only
 * real checks (an attempt refused by a limit is recorded but never counted, so it cannot extend
 * a lock): LOGIN_MAX_FAILURES failures for this email from this address (since its last success
 * there); LOGIN_ACCOUNT_MAX_FAILURES failures for this email from anywhere, which does not apply
 * to an address the account signed in from lately, so attackers elsewhere cannot lock its owner
 * out; and LOGIN_MAX_PER_IP attempts from this address. A refusal says how long is actually left.
 */
@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sessions: SessionService,
  ) {}

  async login(rawEmail: string, password: string, client: ClientInfo, kind: SessionKind = 'bearer'): Promise<TokenPair> {
    const email = rawEmail.trim().toLowerCase();
    const wait = await this.secondsLocked(email, client.ip);
    if (wait > 0) {
      await this.record(email, null, client, false, 'rate_limited');
      const minutes = Math.ceil(wait / 60);
      throw new AppError('RATE_LIMITED', `Too many sign-in attempts: try again in ${wait < 60 ? `${wait} s` : `${minutes} minute${minutes === 1 ? '' : 's'}`}`, {
        retryAfterSeconds: wait,
      });
    }

    const user = await rowOf(this.dataSource, USER_FOR_LOGIN, [email]);
    const ok = await verifyPassword(user?.password_hash ?? DUMMY_HASH, password);
    if (!user || !ok || !user.is_active) {
      await this.record(email, user?.id ?? null, client, false, !user ? 'unknown_user' : !ok ? 'bad_password' : 'inactive');
      throw new AppError('UNAUTHENTICATED', 'The email or password is not correct');
    }
    await this.record(email, user.id, client, true, null);
    // A hash made at weaker parameters (before they were raised) is replaced now that the password is known;
    // only if it is still the same hash, so a password set meanwhile is never overwritten. A demo password's
    // hash stays weak, so the production start-up check still finds it (libs/users/production-check.ts).
    const demo = password === DEFAULT_DEMO_PASSWORD || password === this.config.seed.DEMO_PASSWORD;
    if (!demo && needsRehash(user.password_hash)) await execute(this.dataSource, REHASH_PASSWORD, [user.id, user.password_hash, await hashPassword(password)]);
    return this.sessions.open(user.id, client, kind);
  }

  /**
   * Seconds until every limit this attempt hits has room again (0: none is hit). For a limit of n
   * in a sliding window, room comes back when the n-th most recent counted attempt leaves it.
   */
  private async secondsLocked(email: string, ip: string | null): Promise<number> {
    const { LOGIN_MAX_FAILURES, LOGIN_ACCOUNT_MAX_FAILURES, LOGIN_MAX_PER_IP, LOGIN_WINDOW_SECONDS } = this.config.auth;
    const row = (await rowOf(this.dataSource, LOGIN_LIMITS, [
      email, ip, LOGIN_WINDOW_SECONDS, LOGIN_MAX_FAILURES, LOGIN_ACCOUNT_MAX_FAILURES, LOGIN_MAX_PER_IP, FAILURE_REASONS, KNOWN_ADDRESS_DAYS,
    ]))!;
    const starts: (Date | null)[] = [row.pair_from, row.known_address ? null : row.account_from, row.address_from];
    const ends = starts.filter((at): at is Date => at !== null).map((at) => at.getTime() + LOGIN_WINDOW_SECONDS * 1000 - new Date(row.now).getTime());
    return ends.length ? Math.max(1, Math.ceil(Math.max(...ends) / 1000)) : 0;
  }

  /** Sign-in for the browser: the same checks and records, a sliding browser session, and who signed in. */
  async openBrowserSession(email: string, password: string, client: ClientInfo): Promise<{ accessToken: string; actor: Actor }> {
    const { accessToken } = await this.login(email, password, client, 'browser');
    const actor = await this.sessions.actorForAccessToken(accessToken);
    if (!actor) throw new AppError('UNAUTHENTICATED', 'The session has ended: sign in again');
    return { accessToken, actor };
  }

  private async record(email: string, userId: string | null, client: ClientInfo, succeeded: boolean, reason: string | null): Promise<void> {
    await execute(this.dataSource, INSERT_LOGIN_ATTEMPT, [
      email.slice(0, 254), userId, client.ip, succeeded, reason,
    ]);
  }
}
