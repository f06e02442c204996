/**
 * Requests a page opens with, sent by the page's small early script (src/early.ts) while the app's entry
 * (≈ 700 KB) downloads and runs: opened from a link or a bookmark, 燈號總覽 had its counts asked for only
 * after the entry had run and the session had been read, and waited for them with the main thread idle.
 * The API client takes each early answer once, for the same GET; an answer that is not a 2xx is asked for
 * again with the client's own headers (language, CSRF), so errors and an ended session behave as always.
 */
declare global {
  interface Window {
    guankaoEarlyRequests?: Map<string, { answer: Promise<Response>; sentAt: number }>;
  }
}

/** An early answer the page did not take by then is not used: its figures may have changed since. */
const FRESH_MS = 10_000;

/** Path and query with the parameters sorted: the client and the early script may order them differently. */
function requestKey(url: URL): string {
  const params = [...url.searchParams].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${url.pathname}?${new URLSearchParams(params)}`;
}

export function requestEarly(pathAndQuery: string): void {
  const url = new URL(pathAndQuery, window.location.origin);
  const early = (window.guankaoEarlyRequests ??= new Map());
  early.set(requestKey(url), { answer: fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } }), sentAt: Date.now() });
}

/** The API client's fetch: an early answer to this request if one was sent, else the network. */
export function fetchOrTakeEarly(request: Request): Promise<Response> {
  const early = window.guankaoEarlyRequests;
  if (request.method !== 'GET' || !early?.size) return fetch(request);
  const key = requestKey(new URL(request.url));
  const sent = early.get(key);
  if (!sent) return fetch(request);
  early.delete(key);
  if (Date.now() - sent.sentAt > FRESH_MS) return fetch(request);
  return sent.answer.then((response) => (response.ok ? response : fetch(request)), () => fetch(request));
}
