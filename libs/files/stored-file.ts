import { createHash, randomUUID } from 'node:crypto';
import { constants, createWriteStream } from 'node:fs';
import { access, mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { PassThrough, type Writable } from 'node:stream';
import { finished } from 'node:stream/promises';

/**
 * The one writer of stored files (evidence, reports, scheduled-report runs): content-addressed
 * under STORAGE_DIR, written under a temporary name, flushed to disk, then renamed, so a reader
 * never sees half a file and identical bytes share one copy.
 */

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** `key` is relative to STORAGE_DIR, e.g. `reports/<sha256>`. */
export function storedFilePath(storageDir: string, key: string): string {
  return join(resolve(storageDir), key);
}

/** A file written to a temporary name while its checksum and size are counted. */
export interface StagedFile {
  sha256: string;
  byteSize: number;
  /** Moves it to STORAGE_DIR/<key> (atomic rename; the same bytes may already be there). */
  commit(key: string): Promise<void>;
  /** Removes the temporary file (after a failure, or when another attempt stored it first). */
  discard(): Promise<void>;
}

/** Temporary files live in STORAGE_DIR itself: the rename stays on one file system. */
const STAGING_DIR = '.staging';

/**
 * Streams a file into STORAGE_DIR under a temporary name, hashing (SHA-256) and counting bytes as
 * they pass, and flushes it to disk: nothing is held in memory.
 */
export async function stageFile(storageDir: string, write: (out: Writable) => Promise<void>): Promise<StagedFile> {
  const dir = storedFilePath(storageDir, STAGING_DIR);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `${randomUUID()}.tmp`);
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
    const sha = hash.digest('hex');
    const commit = async (key: string) => {
      const target = storedFilePath(storageDir, key);
      await mkdir(dirname(target), { recursive: true });
      await rename(temp, target);
    };
    return { sha256: sha, byteSize, commit, discard };
  } catch (e) {
    out.destroy();
    file.destroy();
    await discard();
    throw e;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

/** Stores bytes already in memory under their key, once: a key already there holds the same bytes. */
export async function storeOnce(storageDir: string, key: string, bytes: Buffer): Promise<void> {
  if (await exists(storedFilePath(storageDir, key))) return;
  const staged = await stageFile(storageDir, async (out) => {
    out.end(bytes);
  });
  try {
    await staged.commit(key);
  } catch (e) {
    await staged.discard();
    throw e;
  }
}
