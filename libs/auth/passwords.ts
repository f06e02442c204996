import { Algorithm, hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';

/** NIST SP 800-63B and OWASP ASVS ask for at least 12 characters when there is no other factor. */
export const PASSWORD_MIN_LENGTH = 12;
/** Longer passwords are refused before hashing: argon2 of a megabyte is a denial of service. */
export const PASSWORD_MAX_LENGTH = 256;

/**
 * argon2id parameters: 64 MiB and 3 passes (RFC 9106's second recommended choice), well above
 * OWASP's minimum (m=19 MiB, t=2, p=1, the previous setting). About 60 ms per verification on a
 * 2-core machine (bench/sign-in.mjs), inside the 250 ms sign-in budget. The seed's and older
 * users' hashes carry their own parameters in the hash string, so verifying them keeps working;
 * `needsRehash` tells sign-in to store a new hash at these.
 */
export const ARGON2_PARAMS = { algorithm: Algorithm.Argon2id, memoryCost: 65_536, timeCost: 3, parallelism: 1 } as const;

/**
 * Demo accounts' hashes stay at OWASP's minimum on purpose: every hash at ARGON2_PARAMS was made
 * through the password policy (which refuses the demo password), so the production start-up check
 * (libs/users/production-check.ts) needs to try the demo password only on weaker hashes, and sign-in
 * never upgrades the hash of a demo password (see AuthService).
 */
export const DEMO_ARGON2_PARAMS = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** DEMO_PASSWORD's default: refused in production even when DEMO_PASSWORD was changed. */
export const DEFAULT_DEMO_PASSWORD = 'guankao-demo';

export type PasswordProblem = 'PASSWORD_TOO_SHORT' | 'PASSWORD_TOO_LONG' | 'PASSWORD_TOO_COMMON' | 'PASSWORD_CONTAINS_EMAIL';

// zxcvbn-ts's list of common passwords (SecLists), shipped with the package: ~49,000 entries.
const COMMON = new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));

/** Words of this service (NIST SP 800-63B's context-specific words): the demo password is one of them. */
const CONTEXT_WORDS = ['guankao', '管考'];

/** Why a new password is refused, or null. Case-insensitive against the common list and the user's own email. */
export function passwordProblem(password: string, user?: { email?: string | null }): PasswordProblem | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return 'PASSWORD_TOO_SHORT';
  if (length > PASSWORD_MAX_LENGTH) return 'PASSWORD_TOO_LONG';
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return 'PASSWORD_TOO_COMMON';
  if (CONTEXT_WORDS.some((word) => lower.includes(word))) return 'PASSWORD_TOO_COMMON';
  const local = user?.email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local)) return 'PASSWORD_CONTAINS_EMAIL';
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_PARAMS);
}

/** The demo accounts' hash (the seed only; never for a real account). */
export function hashDemoPassword(password: string): Promise<string> {
  return hash(password, DEMO_ARGON2_PARAMS);
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password).catch(() => false);
}

/** True when the hash was made with weaker parameters than ARGON2_PARAMS (e.g. before they were raised). */
export function needsRehash(passwordHash: string): boolean {
  const m = /^\$argon2id\$v=\d+\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(passwordHash);
  if (!m) return true;
  return Number(m[1]) < ARGON2_PARAMS.memoryCost || Number(m[2]) < ARGON2_PARAMS.timeCost;
}
