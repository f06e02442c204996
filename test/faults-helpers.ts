import type { ChildProcess } from 'node:child_process';
import { freePort } from './support/free-port.js';
import { startWorkerProcess } from './support/worker-process.js';

/**
 * Shared by the test/faults-*.int-spec.ts files: real worker processes whose /health the test
 * reads over HTTP, on a port picked for them.
 */
export interface WorkerProcess {
  child: ChildProcess;
  health(): Promise<{ status: number; body: any }>;
}

/** The real worker binary with its health on a port of its own; the outbox relayed every 50 ms. */
export async function startFaultWorker(env: Record<string, string>): Promise<WorkerProcess> {
  const port = await freePort();
  const child = await startWorkerProcess({ OUTBOX_RELAY_INTERVAL_MS: '50', ...env, WORKER_HEALTH_PORT: String(port) });
  return {
    child,
    async health() {
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      return { status: res.status, body: await res.json() };
    },
  };
}
