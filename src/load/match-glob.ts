// The glob matcher of guestFiles patterns, in time bounded by the pattern's length times the path's.
// A regular-expression matcher (picomatch) backtracks: `guests/*a*a*a*a*a*a*a*b.yaml` against one long
// file name took minutes, so a pull request could hang every validate and plan. This one supports the
// subset that guest files need, `*`, `**`, `?` and `[...]`, and refuses the rest with the pattern to
// write instead. Wildcards never match a `/`, and never the leading `.` of a hidden file or folder.

type Token = { kind: "char"; char: string } | { kind: "any" } | { kind: "class"; ranges: [string, string][] };

/** One segment of a pattern: `**`, or the tokens of one path segment split at its stars. */
type Segment = { kind: "globstar" } | { kind: "part"; chunks: Token[][]; starred: boolean; dotted: boolean };

export interface Glob {
  segments: Segment[];
}

const GLOB_CHARS = /[*?[\]]/;

/** Whether the pattern has glob characters; a pattern without them names one file. */
export function isGlob(pattern: string): boolean {
  return GLOB_CHARS.test(pattern);
}

/** The folder to list for a glob: the segments before its first wildcard, or "." for the whole tree. */
export function globBase(pattern: string): string {
  const segments = withoutDotSlash(pattern).split("/");
  const fixed: string[] = [];
  for (const s of segments.slice(0, -1)) {
    if (GLOB_CHARS.test(s)) break;
    fixed.push(s);
  }
  return fixed.join("/") || ".";
}

/** Why a pattern is outside the supported syntax, with what to write instead; undefined when it is fine. */
export function globSyntaxProblem(pattern: string): string | undefined {
  const parsed = parseGlob(pattern);
  return "problem" in parsed ? parsed.problem : undefined;
}

/** A matcher of several patterns: a path is selected when any pattern matches it. Refused patterns match nothing. */
export function compileGlobs(patterns: readonly string[]): (path: string) => boolean {
  const globs = patterns.map(parseGlob).flatMap((p) => ("glob" in p ? [p.glob] : []));
  return (path) => globs.some((g) => matchGlob(g, path));
}

function withoutDotSlash(pattern: string): string {
  let p = pattern;
  while (p.startsWith("./")) p = p.slice(2);
  return p;
}

/** The pattern compiled, or the reason it is refused. */
export function parseGlob(pattern: string): { glob: Glob } | { problem: string } {
  if (pattern.startsWith("!")) return { problem: 'starts with "!": negated patterns are not supported; list the files to read instead, like guests/**/*.yaml' };
  const bad = /[{}()|]/.exec(pattern);
  if (bad) return { problem: `contains "${bad[0]}": braces, parentheses and "|" (extended globs) are not supported; write one pattern per alternative, like ["guests/eu/*.yaml", "guests/us/*.yaml"]` };
  const segments: Segment[] = [];
  for (const text of withoutDotSlash(pattern).split("/")) {
    if (text === "**") {
      // Two globstars in a row match what one matches.
      if (segments.at(-1)?.kind !== "globstar") segments.push({ kind: "globstar" });
      continue;
    }
    // Tools disagree on `**` inside a name (picomatch: `**.yaml` crosses folders, `**a` does not).
    if (text.includes("**")) return { problem: `has "**" inside the segment "${text}": "**" stands alone between slashes for any folders, like guests/**/*.yaml; within a name write "*"` };
    const chunks: Token[][] = [[]];
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (c === "*") {
        chunks.push([]);
      } else if (c === "?") chunks.at(-1)!.push({ kind: "any" });
      else if (c === "[") {
        const end = text.indexOf("]", i + 2);
        if (end < 0) return { problem: 'has a "[" without its "]": a character class is written like [a-z]; a file name with brackets cannot be matched, rename the file' };
        const body = text.slice(i + 1, end);
        // A negated class would match what the class does not list, `/` and hidden names aside: too easy to misread.
        if (body.startsWith("!") || body.startsWith("^")) return { problem: `has the negated class "[${body}]", which is not supported; list the characters to match, like [a-z0-9]` };
        const items = body;
        if (items.includes("[")) return { problem: `has the character class "[${body}]", which is not supported; write a class of characters and ranges, like [a-z0-9]` };
        const ranges: [string, string][] = [];
        const chars = [...items];
        for (let k = 0; k < chars.length; k++) {
          if (chars[k + 1] === "-" && k + 2 < chars.length) {
            ranges.push([chars[k]!, chars[k + 2]!]);
            k += 2;
          } else ranges.push([chars[k]!, chars[k]!]);
        }
        chunks.at(-1)!.push({ kind: "class", ranges });
        i = end;
      } else if (c === "]") return { problem: 'has a "]" without its "[": a character class is written like [a-z]' };
      else chunks.at(-1)!.push({ kind: "char", char: c });
    }
    const starred = chunks.length > 1;
    const first = chunks[0]![0];
    segments.push({ kind: "part", chunks, starred, dotted: first?.kind === "char" && first.char === "." });
  }
  return { glob: { segments } };
}

/**
 * Whether the glob matches the path. Over segments, the set of pattern positions that the path's
 * segments so far can reach (an automaton, no backtracking): path segments × pattern segments steps,
 * each a segment match linear in both lengths.
 */
export function matchGlob(glob: Glob, path: string): boolean {
  const segs = glob.segments;
  const parts = path.split("/");
  const last = segs.length - 1;
  let reach = closure(segs, new Set([0]));
  // Whether the last step ended in a trailing `**` by way of a segment it took, or of the folder before it.
  let trailing = false;
  for (const part of parts) {
    const next = new Set<number>();
    trailing = false;
    for (const i of reach) {
      const s = segs[i];
      if (s === undefined) continue;
      if (s.kind === "globstar") {
        // `**` takes any segment but a hidden one, and stays.
        if (!part.startsWith(".") && part.length > 0) {
          next.add(i);
          if (i === last) trailing = true;
        }
      } else if (matchPart(s, part)) {
        next.add(i + 1);
        if (i + 1 === last && !endsWithStar(s)) trailing = true;
      }
    }
    if (next.size === 0) return false;
    reach = closure(segs, next);
  }
  // A trailing `**` matches its folder itself (`guests/**` matches guests), unless that folder's pattern
  // ends in a star (`guests/*/**` selects no file directly in guests/), as picomatch.
  return segs[last]?.kind === "globstar" ? trailing : reach.has(segs.length);
}

function endsWithStar(seg: Extract<Segment, { kind: "part" }>): boolean {
  return seg.starred && seg.chunks.at(-1)!.length === 0;
}

// A globstar may match no segment at all: the position after it is reached too.
function closure(segs: readonly Segment[], reach: Set<number>): Set<number> {
  for (const i of [...reach].sort((a, b) => a - b)) {
    let k = i;
    while (segs[k]?.kind === "globstar") reach.add(++k);
  }
  return reach;
}

/**
 * One path segment against `c0*c1*…*cn`, where each chunk is a run of one-character tokens. The first
 * chunk is anchored at the start and the last at the end; the ones between are placed leftmost, which
 * never loses a match (a later place leaves less room for what follows), so nothing is tried twice.
 */
function matchPart(seg: Extract<Segment, { kind: "part" }>, text: string): boolean {
  if (text.startsWith(".") && !seg.dotted) return false;
  const chars = [...text];
  const { chunks } = seg;
  if (!seg.starred) return chars.length === chunks[0]!.length && fits(chunks[0]!, chars, 0);
  const head = chunks[0]!;
  const tail = chunks.at(-1)!;
  if (head.length + tail.length > chars.length) return false;
  if (!fits(head, chars, 0) || !fits(tail, chars, chars.length - tail.length)) return false;
  let from = head.length;
  const end = chars.length - tail.length;
  for (const chunk of chunks.slice(1, -1)) {
    if (chunk.length === 0) continue;
    let at = -1;
    for (let p = from; p + chunk.length <= end; p++) {
      if (fits(chunk, chars, p)) {
        at = p;
        break;
      }
    }
    if (at < 0) return false;
    from = at + chunk.length;
  }
  return true;
}

function fits(chunk: readonly Token[], chars: readonly string[], at: number): boolean {
  for (let k = 0; k < chunk.length; k++) if (!fitsOne(chunk[k]!, chars[at + k]!)) return false;
  return true;
}

function fitsOne(token: Token, c: string): boolean {
  if (token.kind === "char") return token.char === c;
  if (token.kind === "any") return c !== "/";
  return token.ranges.some(([lo, hi]) => lo <= c && c <= hi);
}
