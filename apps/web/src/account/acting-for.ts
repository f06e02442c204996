import { useSyncExternalStore } from 'react';
import { api } from '../api/client';

/**
 * 職務代理 in the browser: whom this tab acts for (sessionStorage, so another tab can act as
 * oneself), sent as X-Acting-For on every API request. The API checks it each time; when the
 * delegation is over it answers DELEGATION_NOT_ACTIVE and the tab falls back to the person.
 */
export interface ActingFor {
  userId: string;
  displayName: string;
}

const KEY = 'guankao.actingFor';
const listeners = new Set<() => void>();
let ended = false;

function read(): ActingFor | null {
  try {
    const value = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as ActingFor | null;
    return value && typeof value.userId === 'string' && typeof value.displayName === 'string' ? value : null;
  } catch {
    return null;
  }
}

let current = read();

export function actingFor(): ActingFor | null {
  return current;
}

export function setActingFor(value: ActingFor | null, endedByServer = false): void {
  if (value) sessionStorage.setItem(KEY, JSON.stringify(value));
  else sessionStorage.removeItem(KEY);
  current = value;
  ended = endedByServer;
  for (const listener of listeners) listener();
}

/** Whether the last change was the server ending the delegation (the banner says so once). */
export const endedByServer = () => ended;

export function useActingFor(): ActingFor | null {
  return useSyncExternalStore((listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, actingFor);
}

api.use({
  onRequest({ request }) {
    if (current) request.headers.set('x-acting-for', current.userId);
    return request;
  },
  async onResponse({ response }) {
    if (current && response.status === 403) {
      const body = (await response.clone().json().catch(() => null)) as { error?: { code?: string } } | null;
      if (body?.error?.code === 'DELEGATION_NOT_ACTIVE') setActingFor(null, true);
    }
    return response;
  },
});
