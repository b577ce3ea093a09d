// Fitting a PR comment into its budget of UTF-8 bytes, the unit that the comment workflow cuts in
// (src/output/comment-budget.ts): sections fill the budget in priority order,
// each with a prefix of its items, so that what must be seen (grants, revokes, policy changes,
// refusals) is never cut in favour of what only informs (edits with no effect, resource details).
// What is left out is counted and named, with where to read it all.
import { count } from "../model/words";
import { utf8Bytes } from "../output/comment-budget";

/** A part of the comment: heading lines, items (each one or more lines), closing lines. */
export interface Section {
  /** What an item is, one and many, for the lines that count the left-out ones. */
  noun: [string, string];
  open: string[];
  items: string[][];
  close: string[];
  /** At most this many bytes, so that a long list cannot crowd out the sections after it. */
  max?: number;
  /** Only informs: shown only while every section before it that must be seen was shown whole. */
  informs?: boolean;
}

export interface Fitted {
  /** A banner saying what was left out, or nothing when everything fits. */
  banner: string[];
  /** A section's lines as fitted: nothing when it has no items or none fit. */
  lines(section: Section): string[];
}

/** Room kept per section for its "…and N more" line, and for the banner. */
const MORE_RESERVE = 200;
const BANNER_RESERVE = 600;

/** Fills `budget` bytes of UTF-8 (newlines counted) with `sections`, the most important first. */
export function fitSections(sections: readonly Section[], budget: number): Fitted {
  let left = budget - BANNER_RESERVE;
  const taken = new Map<Section, number>();
  // Once something that must be seen is cut, nothing that only informs may take room it left.
  let cut = false;
  for (const s of sections) {
    taken.set(s, 0);
    if (s.items.length === 0 || (s.informs && cut)) continue;
    const frame = cost(s.open) + cost(s.close) + MORE_RESERVE;
    if (frame > left) continue;
    left -= frame;
    let room = Math.min(left, (s.max ?? Infinity) - frame);
    let n = 0;
    for (const item of s.items) {
      const c = cost(item);
      if (c > room) break;
      room -= c;
      left -= c;
      n++;
    }
    taken.set(s, n);
    if (!s.informs && n < s.items.length) cut = true;
    // A section shown whole needs no "…and N more" line; one with no item shown is not shown at all.
    if (n === s.items.length) left += MORE_RESERVE;
    if (n === 0) left += frame;
  }
  const omitted = sections.filter((s) => taken.get(s)! < s.items.length).map((s) => count(s.items.length - taken.get(s)!, ...s.noun));
  return {
    banner:
      omitted.length === 0
        ? []
        : [
            "> [!IMPORTANT]",
            `> To fit in one pull-request comment, this comment leaves out ${listWords(omitted)}. Run \`guestops plan --format json\` for the whole plan.`,
            "",
          ],
    lines(s) {
      const n = taken.get(s) ?? 0;
      if (n === 0) return [];
      const more = n < s.items.length ? ["", `…and ${count(s.items.length - n, ...s.noun).replace(/^(\d+)/, "$1 more")}: run \`guestops plan --format json\` for all of them.`] : [];
      return [...s.open, ...s.items.slice(0, n).flat(), ...more, ...s.close];
    },
  };
}

export function cost(lines: readonly string[]): number {
  return lines.reduce((n, l) => n + utf8Bytes(l) + 1, 0);
}

function listWords(parts: readonly string[]): string {
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
}

