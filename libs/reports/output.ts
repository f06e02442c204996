import { PassThrough, type Writable } from 'node:stream';

/** Renders into memory: for tests and small files (a job writing to storage passes a file stream). */
export async function renderToBuffer(render: (out: Writable) => Promise<void>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  await render(out);
  return Buffer.concat(chunks);
}
