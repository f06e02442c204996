import type * as fontkit from 'fontkit';

/**
 * Makes fontkit's OpenType shaping of this font skip the lookups that cannot act on a run.
 *
 * Why: a Noto CJK face carries hundreds of GSUB/GPOS lookups, and fontkit tries each of them at
 * every glyph of every run (its coverage tests are linear scans), about 1.5–5 ms per short
 * string. A report of 10,000 sub-projects lays out tens of thousands of distinct codes and
 * names, so shaping alone took most of a minute.
 *
 * Exact: a lookup only ever acts at a glyph listed in its first input coverage (single, multiple,
 * alternate, ligature substitution; single, pair, cursive positioning; the mark glyph of a mark
 * attachment; the first input glyph of a (chaining) context rule). Just before each lookup runs,
 * the run's current glyphs are checked against that set; a lookup none of them is in is skipped,
 * which is what fontkit would have concluded at every glyph. Lookups of a shape not recognised here
 * always run. Only this font object's processors are changed (not fontkit's classes).
 */
export function skipIdleLookups(font: fontkit.Font): void {
  const engine = (font as unknown as { _layoutEngine?: { engine?: Record<string, unknown> } })._layoutEngine?.engine;
  for (const [key, positioning] of [['GSUBProcessor', false], ['GPOSProcessor', true]] as const) {
    const processor = engine?.[key] as Processor | null | undefined;
    if (!processor || typeof processor.applyLookups !== 'function' || processor[FILTERED]) continue;
    const applyLookups = processor.applyLookups.bind(processor);
    processor[FILTERED] = true;
    processor.applyLookups = (lookups, glyphs, positions) => {
      // One lookup at a time, as fontkit's loop does: earlier lookups may change the glyphs.
      for (const entry of lookups) {
        const first = firstGlyphs(entry.lookup, positioning);
        if (first === ANY || glyphs.some((g) => first.has(g.id))) applyLookups([entry], glyphs, positions);
      }
    };
  }
}

const FILTERED = Symbol('skipIdleLookups');
const ANY = 'any';

interface Coverage {
  version: number;
  glyphs?: number[];
  rangeRecords?: { start: number; end: number }[];
}
type SubTable = Record<string, unknown> & { version?: number; lookupType?: number; extension?: SubTable };
interface Lookup {
  lookupType: number;
  subTables: SubTable[];
}
interface Processor {
  applyLookups(lookups: { lookup: Lookup }[], glyphs: { id: number }[], positions: unknown): void;
  [FILTERED]?: boolean;
}

const firstGlyphCache = new WeakMap<Lookup, Set<number> | typeof ANY>();

function firstGlyphs(lookup: Lookup, positioning: boolean): Set<number> | typeof ANY {
  let glyphs = firstGlyphCache.get(lookup);
  if (glyphs === undefined) {
    const set = new Set<number>();
    const known = lookup.subTables.every((table) => addCoverage(firstCoverage(lookup.lookupType, table, positioning), set));
    glyphs = known ? set : ANY;
    firstGlyphCache.set(lookup, glyphs);
  }
  return glyphs;
}

/** The coverage a glyph must be in for the subtable to act at it (as fontkit's applyLookup reads it). */
function firstCoverage(type: number, table: SubTable, positioning: boolean): unknown {
  const extension = positioning ? 9 : 7;
  const context = positioning ? 7 : 5;
  const chaining = positioning ? 8 : 6;
  if (type === extension) return table.extension ? firstCoverage(table.extension.lookupType ?? -1, table.extension, positioning) : undefined;
  if (type === context) return table.version === 3 ? (table.coverages as unknown[] | undefined)?.[0] : table.coverage;
  if (type === chaining) return table.version === 3 ? (table.inputCoverage as unknown[] | undefined)?.[0] : table.coverage;
  if (positioning && (type === 4 || type === 5)) return table.markCoverage;
  if (positioning && type === 6) return table.mark1Coverage;
  if (positioning ? type >= 1 && type <= 3 : type >= 1 && type <= 4) return table.coverage;
  return undefined;
}

function addCoverage(coverage: unknown, into: Set<number>): boolean {
  const c = coverage as Coverage | undefined;
  if (c?.version === 1 && Array.isArray(c.glyphs)) {
    for (const g of c.glyphs) into.add(g);
    return true;
  }
  if (c?.version === 2 && Array.isArray(c.rangeRecords)) {
    for (const r of c.rangeRecords) for (let g = r.start; g <= r.end; g++) into.add(g);
    return true;
  }
  return false;
}
