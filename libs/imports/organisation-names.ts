/** The organisations an import may name, by every name they have had; unknown names get the closest ones. */
export interface OrganisationRow {
  id: string;
  code: string;
  name: string;
  full_name: string | null;
  parent_name: string | null;
  former_names: string[];
}

export interface OrganisationSuggestion {
  /** The current name, as the lists show it. */
  name: string;
  /** The name that matched, when it is not the current one (a former or full name, or parent + name). */
  matched: string | null;
}

export type OrganisationMatch =
  | { kind: 'found'; id: string; name: string; formerName: string | null }
  | { kind: 'unknown'; suggestions: OrganisationSuggestion[] };

const normalise = (s: string) => s.normalize('NFKC').replace(/[\s\u3000()（）]/g, '').replace(/台/g, '臺');

/** Character bigrams (single characters for one-character names): Dice similarity suits short Chinese names. */
function bigrams(s: string): Map<string, number> {
  const grams = new Map<string, number>();
  const chars = [...s];
  if (chars.length === 1) grams.set(chars[0], 1);
  for (let i = 0; i < chars.length - 1; i++) {
    const g = chars[i] + chars[i + 1];
    grams.set(g, (grams.get(g) ?? 0) + 1);
  }
  return grams;
}

function dice(a: Map<string, number>, b: Map<string, number>): number {
  let shared = 0;
  let total = 0;
  for (const [g, n] of a) {
    total += n;
    shared += Math.min(n, b.get(g) ?? 0);
  }
  for (const n of b.values()) total += n;
  return total === 0 ? 0 : (2 * shared) / total;
}

export class OrganisationDirectory {
  private readonly exact = new Map<string, { id: string; name: string; former: boolean }>();
  private readonly candidates: { id: string; name: string; text: string; grams: Map<string, number> }[] = [];

  constructor(rows: readonly OrganisationRow[]) {
    for (const o of rows) {
      const put = (text: string | null, former: boolean) => {
        if (!text) return;
        const key = normalise(text);
        if (!this.exact.has(key) || !former) this.exact.set(key, { id: o.id, name: o.name, former });
      };
      // Former names first, so a current name of another body wins over them.
      for (const n of o.former_names) if (n !== o.name) put(n, true);
      put(o.code, false);
      put(o.full_name, false);
      put(o.name, false);
      const texts = new Set([o.name, o.full_name, ...o.former_names, o.parent_name ? `${o.parent_name}${o.name}` : null].filter((t): t is string => !!t));
      for (const text of texts) this.candidates.push({ id: o.id, name: o.name, text, grams: bigrams(normalise(text)) });
    }
  }

  match(text: string): OrganisationMatch {
    const hit = this.exact.get(normalise(text));
    if (hit) return { kind: 'found', id: hit.id, name: hit.name, formerName: hit.former ? text.trim() : null };
    return { kind: 'unknown', suggestions: this.suggest(text) };
  }

  /** Up to three organisations whose names are closest (bigram Dice ≥ 0.3), each once. */
  suggest(text: string, limit = 3): OrganisationSuggestion[] {
    const grams = bigrams(normalise(text));
    const best = new Map<string, { score: number; name: string; matched: string }>();
    for (const c of this.candidates) {
      const score = dice(grams, c.grams);
      const current = best.get(c.id);
      if (score >= 0.3 && (!current || score > current.score)) best.set(c.id, { score, name: c.name, matched: c.text });
    }
    return [...best.values()]
      .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name))
      .slice(0, limit)
      .map((b) => ({ name: b.name, matched: b.matched === b.name ? null : b.matched }));
  }
}
