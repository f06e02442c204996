import type { DataSource } from 'typeorm';
import type { Client, DemoUser, TestApi } from './api.js';

/** Resources the matrix calls routes with: one owned by 經濟部 (moea) and one by 數位部 (moda) of each kind. */
export interface Fixtures {
  subProject: Record<'moea' | 'moda', string>;
}

export type Owner = 'moea' | 'moda';

export interface Rule {
  /** The demo users the route lets through, or public. */
  allow: readonly DemoUser[] | 'public';
  /** Ministry users are refused on another organisation's data. */
  scoped?: boolean;
  /** The refusal is a 404 (the data is hidden from that caller) rather than a 403. */
  hiddenAs404?: boolean;
  /** Path parameters for a resource owned by `owner`. */
  params?: (f: Fixtures, owner: Owner) => Record<string, string>;
  /** A body that passes the access layer but changes nothing (stale version, incomplete). */
  body?: unknown;
  /** The call ends the caller's session (logout): make it with a session of its own. */
  freshSession?: boolean;
}

const EVERYONE: readonly DemoUser[] = ['coordinator', 'moea-officer', 'moea-supervisor', 'moda-officer', 'moda-supervisor', 'reviewer', 'viewer', 'admin'];
const SECRETARIAT: readonly DemoUser[] = ['coordinator', 'admin'];

export const RULES: Record<string, Rule> = {
  'GET /health': { allow: 'public' },
  'POST /api/auth/login': { allow: 'public' },
  'POST /api/auth/refresh': { allow: 'public' },
  'POST /api/auth/logout': { allow: EVERYONE, freshSession: true },
  'GET /api/auth/me': { allow: EVERYONE },
  'GET /api/organisations': { allow: EVERYONE },
  'GET /api/programmes': { allow: EVERYONE },
  'GET /api/programmes/{code}': { allow: EVERYONE, params: () => ({ code: 'aap2' }) },
  'GET /api/programmes/{code}/budget-summary': { allow: EVERYONE, params: () => ({ code: 'aap2018' }) },
  'GET /api/sub-projects': { allow: EVERYONE },
  'GET /api/sub-projects/{code}': { allow: EVERYONE, scoped: true, params: (f, o) => ({ code: f.subProject[o] }) },
  'GET /api/audit': { allow: SECRETARIAT },
};

export async function FIXTURE_SETUP(_: { api: TestApi; clients: Record<DemoUser, Client>; dataSource: DataSource }): Promise<Fixtures> {
  return { subProject: { moea: 'aap2-sp-12', moda: 'aap2-sp-05' } };
}
