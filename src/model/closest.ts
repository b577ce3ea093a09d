// "Did you mean" suggestions for unknown keys and catalog references.
import { closest as nearest, distance } from "fastest-levenshtein";

/** The candidate nearest to `word`, if it is near enough to be a plausible typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const best = nearest(word.toLowerCase(), candidates.map((c) => c.toLowerCase()));
  const index = candidates.findIndex((c) => c.toLowerCase() === best);
  return distance(word.toLowerCase(), best) <= Math.max(1, Math.floor(word.length / 3)) ? candidates[index] : undefined;
}
