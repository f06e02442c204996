import type { Writable } from 'node:stream';
import { stageFile, storedFilePath } from '../files/index.js';

/** Where a report's file is stored, under STORAGE_DIR: content-addressed (shared with schedule runs). */
export const reportFileKey = (sha: string) => `reports/${sha}`;

export function reportFilePath(storageDir: string, sha: string): string {
  return storedFilePath(storageDir, reportFileKey(sha));
}

/** A report file written to a temporary name while its checksum and size are counted. */
export interface StagedReportFile {
  sha256: string;
  byteSize: number;
  /** Moves it to STORAGE_DIR/reports/<sha256> (atomic rename; the same bytes may already be there). */
  commit(): Promise<void>;
  /** Removes the temporary file (after a failure, or when another attempt stored it first). */
  discard(): Promise<void>;
}

/** Streams a report through the one stored-file writer (libs/files), to be committed as reports/<sha256>. */
export async function stageReportFile(storageDir: string, write: (out: Writable) => Promise<void>): Promise<StagedReportFile> {
  const staged = await stageFile(storageDir, write);
  return { sha256: staged.sha256, byteSize: staged.byteSize, commit: () => staged.commit(reportFileKey(staged.sha256)), discard: staged.discard };
}
