/** How long `eventually` keeps polling, and how often. */
export interface PollOptions<T> {
  /** Done once this holds for the value read; without it, once the value is neither undefined nor false. */
  until?: (value: T) => boolean;
  timeoutMs?: number;
  everyMs?: number;
}

/**
 * Polls `read` until it is done, and returns the last value read; fails after the deadline naming
 * `what` (and the last value). Tests wait on a condition with this, never for a fixed time.
 *
 *   await eventually('the relay', async () => (await unpublished()) === 0);
 *   const report = await eventually(`report ${id}`, () => client.get(`/api/reports/${id}`), { until: (r) => r.body.status !== 'queued' });
 */
export async function eventually<T>(what: string, read: () => T | Promise<T>, options: PollOptions<T> & { until: (value: T) => boolean }): Promise<T>;
export async function eventually<T>(what: string, read: () => T | Promise<T>, options?: Omit<PollOptions<T>, 'until'> | number, everyMs?: number): Promise<Exclude<T, undefined | false>>;
export async function eventually<T>(what: string, read: () => T | Promise<T>, options: PollOptions<T> | number = {}, everyMs?: number): Promise<T> {
  const { until, timeoutMs = 30_000, everyMs: every = everyMs ?? 50 } = typeof options === 'number' ? { timeoutMs: options } : options;
  const done = until ?? ((value: T) => value !== undefined && value !== false);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last read: ${describe(value)})`);
    await new Promise((r) => setTimeout(r, every));
  }
}

function describe(value: unknown): string {
  try {
    const text = JSON.stringify(value, (_key, v) => (v instanceof Headers ? undefined : v));
    return text === undefined ? String(value) : text.length > 300 ? `${text.slice(0, 300)}…` : text;
  } catch {
    return String(value);
  }
}
