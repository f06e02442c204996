import { hashDemoPassword, verifyPassword } from '../auth/passwords.js';
import type { QueryRunner } from 'typeorm';
import { stableId } from '../common/stable-id.js';

/** One demo user per role (non-production only). The password comes from DEMO_PASSWORD. */
const DEMO_USERS = [
  { key: 'coordinator', email: 'coordinator@demo.guankao.tw', displayName: '執行秘書室 協調人員 (demo)', roles: ['coordinator'], organisation: 'sngroup-secretariat', locale: 'zh-TW' },
  { key: 'moea-officer', email: 'moea.officer@demo.guankao.tw', displayName: '經濟部 承辦 (demo)', roles: ['ministry_officer'], organisation: 'moea', locale: 'zh-TW' },
  { key: 'moea-supervisor', email: 'moea.supervisor@demo.guankao.tw', displayName: '經濟部 主管 (demo)', roles: ['ministry_supervisor'], organisation: 'moea', locale: 'zh-TW' },
  { key: 'moda-officer', email: 'moda.officer@demo.guankao.tw', displayName: '數位部 承辦 (demo)', roles: ['ministry_officer'], organisation: 'moda', locale: 'zh-TW' },
  { key: 'moda-supervisor', email: 'moda.supervisor@demo.guankao.tw', displayName: '數位部 主管 (demo)', roles: ['ministry_supervisor'], organisation: 'moda', locale: 'zh-TW' },
  { key: 'reviewer', email: 'reviewer@demo.guankao.tw', displayName: 'Gate reviewer 評審委員 (demo)', roles: ['reviewer'], organisation: null, locale: 'en' },
  { key: 'viewer', email: 'viewer@demo.guankao.tw', displayName: '長官 檢視 (demo)', roles: ['viewer'], organisation: 'ey', locale: 'zh-TW' },
  { key: 'admin', email: 'admin@demo.guankao.tw', displayName: '系統管理員 (demo)', roles: ['admin'], organisation: null, locale: 'en' },
] as const;

export class DemoUsersRefused extends Error {}

/**
 * Whether the seed creates the demo users: only when asked for (`--demo` or SEED_DEMO_USERS=true),
 * so seeding a new installation never leaves an admin with a published password behind.
 * `--no-demo-users` wins over both.
 */
export function demoUsersAsked(args: readonly string[], fromEnvironment: boolean): boolean {
  if (args.includes('--no-demo-users')) return false;
  return args.includes('--demo') || fromEnvironment;
}

/**
 * Creates or refreshes the demo users. A stored hash is kept while it still matches the
 * password, so a second run changes nothing.
 */
export async function writeDemoUsers(runner: QueryRunner, env: string, password: string): Promise<{ inserted: number; updated: number }> {
  if (env === 'production') throw new DemoUsersRefused('Refusing to create demo users with NODE_ENV=production');
  let inserted = 0;
  let updated = 0;
  for (const u of DEMO_USERS) {
    const id = stableId('user', u.key);
    const organisationId = u.organisation ? stableId('organisation', u.organisation) : null;
    const [existing] = (await runner.query('SELECT password_hash FROM app_user WHERE id = $1', [id])) as { password_hash: string | null }[];
    const keepHash = existing?.password_hash ? await verifyPassword(existing.password_hash, password) : false;
    const passwordHash = keepHash ? existing.password_hash : await hashDemoPassword(password);
    const result: { inserted: boolean }[] = await runner.query(
      `INSERT INTO app_user AS t (id, email, display_name, organisation_id, roles, locale, password_hash, is_active, is_demo)
       VALUES ($1, $2, $3, $4, $5::user_role[], $6, $7, true, true)
       ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email, display_name = EXCLUDED.display_name,
         organisation_id = EXCLUDED.organisation_id, roles = EXCLUDED.roles, locale = EXCLUDED.locale,
         password_hash = EXCLUDED.password_hash, is_demo = true, updated_at = now()
       WHERE (t.email, t.display_name, t.organisation_id, t.roles, t.locale, t.password_hash, t.is_demo)
         IS DISTINCT FROM (EXCLUDED.email, EXCLUDED.display_name, EXCLUDED.organisation_id, EXCLUDED.roles, EXCLUDED.locale, EXCLUDED.password_hash, true)
       RETURNING (xmax = 0) AS inserted`,
      [id, u.email, u.displayName, organisationId, `{${u.roles.join(',')}}`, u.locale, passwordHash],
    );
    for (const r of result) {
      if (r.inserted) inserted++;
      else updated++;
    }
  }
  return { inserted, updated };
}
