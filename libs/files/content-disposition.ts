import { withoutBidiControls } from './file-names.js';

/**
 * RFC 6266 / 5987: an attachment whose name survives any language (e.g. 進度報告.pdf).
 * Written here rather than taken from the `content-disposition` package: the version in the tree
 * (3.x, through @fastify/static) needs Node 22, and this project runs on Node 20.
 */
export function attachmentDisposition(filename: string): string {
  const name = withoutBidiControls(filename);
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
