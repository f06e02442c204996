/**
 * The one Content-Security-Policy of every response (set by @fastify/helmet in apps/api/src/http-edge.ts
 * and again on the web app's pages): the web app, the Swagger UI and the queue dashboard all load
 * their scripts from our origin and none runs an inline script; Mantine and the Swagger UI set
 * inline styles; `data:` images and fonts are their small inlined assets. Nothing may frame us.
 */
export const CONTENT_SECURITY_POLICY: Record<string, string[]> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

export const CONTENT_SECURITY_POLICY_HEADER = Object.entries(CONTENT_SECURITY_POLICY)
  .map(([directive, sources]) => `${directive} ${sources.join(' ')}`)
  .join('; ');
