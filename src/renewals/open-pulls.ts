// The renewal pull requests already open, read from the code host's list as untrusted input: GitHub's
// `GET /repos/{owner}/{repo}/pulls?state=open` (an array, or `gh api --paginate --slurp`'s array of
// pages), or Azure DevOps' `az repos pr list --status active` (an array, or `{ value: [...] }`). Only pull
// requests from a renewal branch are kept; what each one proposed is read back from the marker its body
// carries, and kept only where it names an address the stack declares.

export const RENEWAL_BRANCH_PREFIX = "guestops/renewals/";

export interface OpenPull {
  number: number;
  branch: string;
  /** Lower-cased addresses the pull request has proposed so far, as its body's marker records them. */
  proposed: string[];
}

/** The marker at the end of a renewal PR's body: what the runs proposed, so a dropped guest is never proposed again. */
const MARKER = /<!-- guestops:renewals (\{[^<>]{0,200000}\}) -->/;

export function renderMarker(sponsor: string, proposed: readonly string[]): string {
  // No < or > inside the comment, whatever the values: the JSON escapes them.
  const body = JSON.stringify({ v: 1, sponsor: sponsor.toLowerCase(), proposed: [...proposed].sort() }).replace(/</g, "\\u003c").replace(/>/g, "\\u003e");
  return `<!-- guestops:renewals ${body} -->`;
}

/** What a body's marker says was proposed: addresses the stack declares, or nothing. Never throws. */
export function proposedIn(body: unknown, declared: ReadonlySet<string>): string[] {
  if (typeof body !== "string") return [];
  const m = MARKER.exec(body);
  if (!m) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(m[1]!);
  } catch {
    return [];
  }
  const list = typeof parsed === "object" && parsed !== null && Array.isArray((parsed as { proposed?: unknown }).proposed) ? ((parsed as { proposed: unknown[] }).proposed) : [];
  return [...new Set(list.filter((e): e is string => typeof e === "string").map((e) => e.toLowerCase()).filter((e) => declared.has(e)))].sort();
}

export interface ParsedPulls {
  pulls: OpenPull[];
  problems: string[];
}

export function parseOpenPulls(json: unknown, declared: ReadonlySet<string>): ParsedPulls {
  const list = Array.isArray(json) ? (json.length > 0 && json.every(Array.isArray) ? (json as unknown[][]).flat() : json) : typeof json === "object" && json !== null && Array.isArray((json as { value?: unknown }).value) ? (json as { value: unknown[] }).value : undefined;
  if (list === undefined) return { pulls: [], problems: ["the open pull requests file is neither GitHub's pull request list (a JSON array) nor Azure DevOps' ({ value: [...] })"] };
  const out: ParsedPulls = { pulls: [], problems: [] };
  const seen = new Set<string>();
  for (const item of list) {
    if (typeof item !== "object" || item === null) continue;
    const p = item as Record<string, unknown>;
    // GitHub: number, head.ref, body. Azure DevOps: pullRequestId, sourceRefName (refs/heads/...), description.
    const number = typeof p.number === "number" ? p.number : p.pullRequestId;
    const head = (p.head as { ref?: unknown } | null | undefined)?.ref;
    const ref = typeof head === "string" ? head : typeof p.sourceRefName === "string" ? p.sourceRefName.replace(/^refs\/heads\//, "") : undefined;
    if (typeof number !== "number" || !Number.isSafeInteger(number) || number < 1 || ref === undefined || !ref.startsWith(RENEWAL_BRANCH_PREFIX)) continue;
    // A pull request from a fork may name its branch guestops/renewals/... too: it is not ours, and its
    // body's marker must not stop a renewal. GitHub: the head's repository is the base's; Azure: no forkSource.
    if (fromFork(p)) {
      out.problems.push(`pull request ${number} comes from another repository's ${ref}; it is left alone`);
      continue;
    }
    // Two open pull requests from one branch cannot be: the first is updated, the other named.
    if (seen.has(ref)) {
      out.problems.push(`pull request ${number} is a second one open from ${ref}; it is left alone`);
      continue;
    }
    seen.add(ref);
    out.pulls.push({ number, branch: ref, proposed: proposedIn(p.body ?? p.description, declared) });
  }
  return out;
}

function fromFork(p: Record<string, unknown>): boolean {
  if (p.head !== undefined) {
    const repoOf = (side: unknown) => (side as { repo?: { full_name?: unknown } | null } | null | undefined)?.repo?.full_name;
    const head = repoOf(p.head);
    return typeof head !== "string" || head !== repoOf(p.base);
  }
  return p.forkSource !== undefined && p.forkSource !== null;
}
