import { createHash } from 'node:crypto';

/** Namespace of Guankao's seeded records (a random v4 UUID fixed once; never change it). */
const GUANKAO_NAMESPACE = '6f1c2a52-7f0e-4b7e-9a39-2d6f5b0c8e41';

/**
 * UUID v5 (RFC 9562) of `<kind>:<key>`: the fixed id of a seeded record, so that seeds load to
 * the same ids on every machine.
 */
export function stableId(kind: string, key: string): string {
  const ns = Buffer.from(GUANKAO_NAMESPACE.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(`${kind}:${key}`, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
