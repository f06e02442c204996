import { createHash, randomBytes } from 'node:crypto';

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** A refresh token names its session so that a replayed, already-rotated token can end that session. */
export function refreshToken(sessionId: string, secret: string): string {
  return `${sessionId}.${secret}`;
}

export function parseRefreshToken(token: string): { sessionId: string; secret: string } | null {
  const match = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{20,})$/.exec(token);
  return match ? { sessionId: match[1], secret: match[2] } : null;
}

/**
 * The CSRF token of a browser session (signed double submit without server storage): derived from
 * the session's secret access token, so only a page that could read it from our responses knows it.
 */
export function csrfTokenFor(accessToken: string): string {
  return createHash('sha256').update(`csrf:${accessToken}`, 'utf8').digest('base64url');
}
