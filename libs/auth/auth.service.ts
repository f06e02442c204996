import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { verify } from '@node-rs/argon2';
import type { DataSource } from 'typeorm';
import type { Actor } from '../access/actor.js';
import { AppError } from '../common/errors.js';
import { APP_CONFIG, type AppConfig } from '../config/index.js';
import type { SessionKind } from './session.entity.js';
import { SessionService, type TokenPair } from './session.service.js';

/** A valid argon2id hash of a random string: verifying unknown users costs the same time. */
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$4nzFR3C+lgI46L/pGa5ILA$0U2dkJDRu+hyF3dJ9CHlVoYLhWdJAfMBRgHtI+YjQm8';

export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

/** Sign-in: rate-limited per email and per client address, every attempt recorded. */
@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly sessions: SessionService,
  ) {}

  async login(rawEmail: string, password: string, client: ClientInfo, kind: SessionKind = 'bearer'): Promise<TokenPair> {
    const email = rawEmail.trim().toLowerCase();
    const { LOGIN_MAX_FAILURES, LOGIN_MAX_PER_IP, LOGIN_WINDOW_SECONDS } = this.config.auth;
    const [counts] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE email = $1 AND NOT succeeded)::int AS failures,
              count(*) FILTER (WHERE ip = $2)::int AS from_ip
         FROM login_attempt WHERE at > now() - make_interval(secs => $3) AND (email = $1 OR ip = $2)`,
      [email, client.ip, LOGIN_WINDOW_SECONDS],
    );
    if (counts.failures >= LOGIN_MAX_FAILURES || counts.from_ip >= LOGIN_MAX_PER_IP) {
      await this.record(email, null, client, false, 'rate_limited');
      throw new AppError('RATE_LIMITED', `Too many sign-in attempts: wait ${Math.ceil(LOGIN_WINDOW_SECONDS / 60)} minutes and try again`, {
        retryAfterSeconds: LOGIN_WINDOW_SECONDS,
      });
    }

    const [user] = await this.dataSource.query(`SELECT id, password_hash, is_active FROM app_user WHERE email = $1`, [email]);
    const ok = await verify(user?.password_hash ?? DUMMY_HASH, password).catch(() => false);
    if (!user || !ok || !user.is_active) {
      await this.record(email, user?.id ?? null, client, false, !user ? 'unknown_user' : !ok ? 'bad_password' : 'inactive');
      throw new AppError('UNAUTHENTICATED', 'The email or password is not correct');
    }
    await this.record(email, user.id, client, true, null);
    return this.sessions.open(user.id, client, kind);
  }

  /** Sign-in for the browser: the same checks and records, a sliding browser session, and who signed in. */
  async openBrowserSession(email: string, password: string, client: ClientInfo): Promise<{ accessToken: string; actor: Actor }> {
    const { accessToken } = await this.login(email, password, client, 'browser');
    const actor = await this.sessions.actorForAccessToken(accessToken);
    if (!actor) throw new AppError('UNAUTHENTICATED', 'The session has ended: sign in again');
    return { accessToken, actor };
  }

  private async record(email: string, userId: string | null, client: ClientInfo, succeeded: boolean, reason: string | null): Promise<void> {
    await this.dataSource.query(`INSERT INTO login_attempt (email, user_id, ip, succeeded, reason) VALUES ($1, $2, $3, $4, $5)`, [
      email.slice(0, 254), userId, client.ip, succeeded, reason,
    ]);
  }
}
