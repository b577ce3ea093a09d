// "Did you mean" suggestions for unknown keys and catalog references, with bounded work: a catalog of
// thousands of keys and tens of thousands of unknown references must cost seconds, not minutes.
import { distance } from "fastest-levenshtein";

/** Edit-distance computations one suggester may spend in all; past it, it stops suggesting. */
export const MAX_SUGGEST_WORK = 200_000;

/** Longer words get no suggestion: catalog keys have at most 63 characters, role names 100. */
const MAX_WORD = 120;

export interface Suggester {
  /** The candidate nearest to `word`, if it is near enough to be a plausible typo. */
  suggest(word: string): string | undefined;
  /** Edit distances computed so far. */
  readonly work: number;
}

/** How far a typo may be from its word: a third of its length, at least one edit. */
function tolerance(word: string): number {
  return Math.max(1, Math.floor(word.length / 3));
}

/**
 * A suggester over `candidates`: only candidates whose length is within reach are compared, each word
 * is answered once, and the whole costs at most `maxWork` distance computations.
 */
export function suggester(candidates: readonly string[], maxWork = MAX_SUGGEST_WORK): Suggester {
  const byLength = new Map<number, { lower: string; original: string }[]>();
  for (const original of candidates) {
    const lower = original.toLowerCase();
    const bucket = byLength.get(lower.length);
    if (bucket) bucket.push({ lower, original });
    else byLength.set(lower.length, [{ lower, original }]);
  }
  const answers = new Map<string, string | undefined>();
  let work = 0;
  return {
    get work() {
      return work;
    },
    suggest(word) {
      const w = word.toLowerCase();
      // Keys and role names are short; a long word is no typo of one, and its search would be long too.
      if (w.length > MAX_WORD) return undefined;
      if (answers.has(w)) return answers.get(w);
      const reach = tolerance(w);
      let best: { d: number; original: string } | undefined;
      // Nearest lengths first, so an exact-length typo is found before the budget runs out.
      const lengths = [0, ...Array.from({ length: reach }, (_, i) => [i + 1, -(i + 1)]).flat()].map((d) => w.length + d);
      search: for (const length of lengths) {
        for (const c of byLength.get(length) ?? []) {
          if (work >= maxWork) break search;
          work++;
          const d = distance(w, c.lower);
          if (d <= reach && (!best || d < best.d)) best = { d, original: c.original };
          if (d === 0) break search;
        }
      }
      answers.set(w, best?.original);
      return best?.original;
    },
  };
}

/** The candidate nearest to `word`, if it is near enough to be a plausible typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  return suggester(candidates).suggest(word);
}
