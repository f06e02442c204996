import { StringDecoder } from 'node:string_decoder';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { ImportFileError } from './file-problem.js';
import type { ReadLimits } from './limits.js';

/** What the reader inflated: a test asserts a bomb is refused before much is inflated. */
export interface InflateStats {
  inflatedBytes: number;
}

/**
 * A ZIP container read within limits. The central directory is checked first (entry count, declared
 * sizes and ratios, encryption); then each entry is streamed through inflate and counted, and the
 * read stops the moment the total passes the limit (yauzl also stops an entry that inflates beyond
 * what it declared). Nothing is held but the text handed to the caller chunk by chunk.
 */
export class ZipContainer {
  private constructor(
    private readonly zip: ZipFile,
    readonly entries: ReadonlyMap<string, Entry>,
    private readonly limits: ReadLimits,
    readonly stats: InflateStats,
  ) {}

  static async open(buffer: Buffer, limits: ReadLimits, stats: InflateStats = { inflatedBytes: 0 }): Promise<ZipContainer> {
    const zip = await new Promise<ZipFile>((resolve, reject) =>
      yauzl.fromBuffer(buffer, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false, decodeStrings: true }, (err, z) => (err ? reject(err) : resolve(z))),
    ).catch((e: Error) => { throw new ImportFileError('corrupt', `The file is not a readable ZIP container: ${e.message}`); });
    const entries = new Map<string, Entry>();
    let declared = 0;
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: Entry) => {
        if (entries.size >= limits.maxEntries) {
          reject(new ImportFileError('zipBomb', `The container holds more than ${limits.maxEntries} entries`, { maxEntries: limits.maxEntries }));
          return;
        }
        if (entry.isEncrypted()) {
          reject(new ImportFileError('encrypted', 'The file is encrypted (password-protected): save it without a password and upload it again'));
          return;
        }
        declared += entry.uncompressedSize;
        if (declared > limits.maxInflatedBytes) {
          reject(new ImportFileError('zipBomb', `The container would inflate to more than ${limits.maxInflatedBytes} bytes`, { maxInflatedBytes: limits.maxInflatedBytes }));
          return;
        }
        if (entry.uncompressedSize > limits.ratioFloorBytes && entry.uncompressedSize > entry.compressedSize * limits.maxCompressionRatio) {
          reject(new ImportFileError('zipBomb', `An entry inflates more than ${limits.maxCompressionRatio} times its size`, { maxCompressionRatio: limits.maxCompressionRatio }));
          return;
        }
        entries.set(entry.fileName, entry);
        zip.readEntry();
      });
      zip.on('end', () => resolve());
      zip.on('error', (e: Error) => reject(new ImportFileError('corrupt', `The ZIP container is damaged: ${e.message}`)));
      zip.readEntry();
    }).catch((e) => {
      zip.close();
      throw e;
    });
    return new ZipContainer(zip, entries, limits, stats);
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** The whole entry as text (small parts: workbook.xml, rels, styles, manifest). */
  async text(name: string): Promise<string | null> {
    if (!this.entries.has(name)) return null;
    let text = '';
    await this.stream(name, (chunk) => { text += chunk; });
    return text;
  }

  /** Streams one entry's text, chunk by chunk, to `onText` (a synchronous parser's write). */
  async stream(name: string, onText: (chunk: string) => void): Promise<void> {
    const entry = this.entries.get(name);
    if (!entry) throw new ImportFileError('corrupt', `The container lacks ${name}`);
    const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
      this.zip.openReadStream(entry, (err, s) => (err ? reject(new ImportFileError('corrupt', `Cannot read ${name}: ${err.message}`)) : resolve(s))),
    );
    const decoder = new StringDecoder('utf8');
    await new Promise<void>((resolve, reject) => {
      const fail = (e: unknown) => {
        (stream as NodeJS.ReadableStream & { destroy(): void }).destroy();
        reject(e);
      };
      stream.on('data', (chunk: Buffer) => {
        this.stats.inflatedBytes += chunk.length;
        if (this.stats.inflatedBytes > this.limits.maxInflatedBytes) {
          fail(new ImportFileError('zipBomb', `The container inflates to more than ${this.limits.maxInflatedBytes} bytes`, { maxInflatedBytes: this.limits.maxInflatedBytes }));
          return;
        }
        try {
          onText(decoder.write(chunk));
        } catch (e) {
          fail(e);
        }
      });
      stream.on('error', (e: Error) => reject(e instanceof ImportFileError ? e : new ImportFileError(/too many bytes/i.test(e.message) ? 'zipBomb' : 'corrupt', `Cannot read ${name}: ${e.message}`)));
      stream.on('end', () => {
        try {
          onText(decoder.end());
          resolve();
        } catch (e) {
          reject(e);
        }
      });
    });
  }

  close(): void {
    this.zip.close();
  }
}
