/**
 * Characters that reorder text without being seen: a right-to-left override (U+202E) turns
 * 「報告‮fdp.exe」 into what reads as 「報告exe.pdf」. Embeddings and overrides U+202A–U+202E,
 * isolates U+2066–U+2069, and the marks U+200E, U+200F, U+061C.
 */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

/** A file name as stored and shown: without bidirectional control characters. */
export function withoutBidiControls(name: string): string {
  return name.replace(BIDI_CONTROLS, '');
}
