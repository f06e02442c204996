import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PassThrough, type Writable } from 'node:stream';
import { finished } from 'node:stream/promises';

/** Where a report's file is stored, under STORAGE_DIR: content-addressed (shared with schedule runs). */
export const reportFileKey = (sha: string) => `reports/${sha}`;

export function reportFilePath(storageDir: string, sha: string): string {
  return join(resolve(storageDir), reportFileKey(sha));
}

/** A file written to a temporary name while its checksum and size are counted. */
export interface StagedFile {
  sha256: string;
  byteSize: number;
  /** Moves it to STORAGE_DIR/reports/<sha256> (atomic rename; the same bytes may already be there). */
  commit(): Promise<void>;
  /** Removes the temporary file (after a failure, or when another attempt stored it first). */
  discard(): Promise<void>;
}

/**
 * Streams a file into STORAGE_DIR/reports/ under a temporary name, hashing (SHA-256) and counting
 * bytes as they pass, and flushes it to disk: nothing is held in memory, and no reader ever sees
 * half a file under its final name.
 */
export async function stageReportFile(storageDir: string, write: (out: Writable) => Promise<void>): Promise<StagedFile> {
  const dir = join(resolve(storageDir), 'reports');
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${randomUUID()}.tmp`);
  const discard = () => rm(temp, { force: true });
  const hash = createHash('sha256');
  let byteSize = 0;
  const out = new PassThrough();
  out.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    byteSize += chunk.length;
  });
  const file = createWriteStream(temp, { flags: 'wx' });
  out.pipe(file);
  const written = finished(file);
  written.catch(() => undefined); // awaited below; a failed write must not also surface as unhandled
  try {
    await write(out);
    if (!out.writableEnded) out.end();
    await written;
    const handle = await open(temp, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    const sha256 = hash.digest('hex');
    return { sha256, byteSize, commit: () => rename(temp, reportFilePath(storageDir, sha256)), discard };
  } catch (e) {
    out.destroy();
    file.destroy();
    await discard();
    throw e;
  }
}
