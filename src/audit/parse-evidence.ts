// Evidence from a commit, each part with its provenance: its PR number from the approvals note or the
// merge or squash subject, its approvers from the note and from trailers, and whether a trusted signer
// signed it. Pure: text in, values out; untrusted text never throws.
import type { ApprovalNote, CommitEvidence, EvidenceApproval, EvidenceRequester } from "./audit-types";

/** A commit message's subject, as the audit reads it: its first line. */
export function subjectOf(message: string): string {
  return message.split("\n")[0] ?? "";
}

/** PR number from the subjects GitHub and Azure Repos write; null for a direct push. */
export function parsePrNumber(subject: string): number | null {
  const patterns = [
    /^Merge pull request #(\d{1,9}) from \S/, // GitHub merge commit
    /^Merged PR (\d{1,9}): /, // Azure Repos merge or squash
    /\(#(\d{1,9})\)\s*$/, // GitHub squash: "Title (#12)"
  ];
  for (const p of patterns) {
    const m = p.exec(subject);
    if (m) return Number(m[1]);
  }
  return null;
}

// One address, as written in a trailer (`Name <a@b>` or `a@b`) or a note: no spaces, one @, a dotted domain.
const ADDRESS = /^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/;

export function normaliseAddress(text: string): string | undefined {
  const inner = /<([^<>]*)>\s*$/.exec(text)?.[1] ?? text;
  const address = inner.trim().toLowerCase();
  return ADDRESS.test(address) ? address : undefined;
}

/** Addresses of the trailers matching `names`, in the message's last paragraph (git's trailer block). */
function trailerAddresses(message: string, names: RegExp, read: (text: string) => string | undefined = normaliseAddress): string[] {
  const paragraphs = message.replace(/\s+$/, "").split(/\n[ \t]*\n/);
  const last = paragraphs.length > 1 ? paragraphs[paragraphs.length - 1]! : "";
  const found: string[] = [];
  for (const line of last.split("\n")) {
    const m = /^([A-Za-z-]+):\s*(.+)$/.exec(line.trim());
    const address = m && names.test(m[1]!) ? read(m[2]!) : undefined;
    if (address) found.push(address);
  }
  return found;
}

/** Addresses of `Reviewed-by:` and `Approved-by:` trailers, in the message's last paragraph. */
export function parseTrailerApprovers(message: string): string[] {
  return trailerAddresses(message, /^(?:Reviewed-by|Approved-by)$/i);
}

/** A code host's login as a request names its author, `@ana-dev` (GitHub's rules: letters, digits, single dashes, 39 at most). */
const LOGIN = /^@[a-z\d](?:[a-z\d]|-(?=[a-z\d])){0,38}$/i;

/** A requester as a trailer or a note writes it: an address, or an `@login`, in lower case. */
function readRequester(text: string): string | undefined {
  return normaliseAddress(text) ?? (LOGIN.test(text.trim()) ? text.trim().toLowerCase() : undefined);
}

/**
 * The requester of a `Requested-by:` trailer: an address, or the `@login` of an issue-form request's
 * author; none when there are several that disagree, since a requester is one person and a second line
 * is someone's edit.
 */
export function parseTrailerRequester(message: string): string | undefined {
  const found = [...new Set(trailerAddresses(message, /^Requested-by$/i, readRequester))];
  return found.length === 1 ? found[0] : undefined;
}

/** What the audit can use of an approvals note, and why it cannot use the rest. */
export interface ReadNote {
  /** Undefined when nothing in it can be used. */
  note?: ApprovalNote;
  /** Each reason a part of it (or the whole) cannot be used: shown as a flagged record-unreadable event, never dropped. */
  problems: string[];
}

/** The commit the note is on, and the PR its subject names, against which the note is checked. */
export interface NoteContext {
  commit: string;
  subjectPr: number | null;
}

/**
 * The approvals note, as far as it is the documented JSON and about its own commit. A note for another
 * commit or another PR is evidence of nothing here: it is used not at all. An approval entry that is not
 * an address and a time is left out, and the others are kept. Every part left out is named.
 */
export function parseApprovalNote(text: string, context?: NoteContext): ReadNote {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { problems: [`the note is not JSON (${(err as Error).message})`] };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { problems: [`the note is ${shown(value)}, not an object { "pr": N, "approvals": [...] }`] };
  const { commit, pr, approvals, requestedBy } = value as Record<string, unknown>;
  if (commit !== undefined && (typeof commit !== "string" || (context !== undefined && commit.toLowerCase() !== context.commit.toLowerCase()))) {
    return { problems: [`the note names commit ${shown(commit)}, not the commit it is on: it was written for another commit`] };
  }
  const problems: string[] = [];
  const prOk = pr !== undefined && Number.isSafeInteger(pr) && (pr as number) > 0;
  if (pr !== undefined && !prOk) problems.push(`"pr" is ${shown(pr)}, not a pull request number`);
  if (prOk && context !== undefined && context.subjectPr !== null && pr !== context.subjectPr) {
    return { problems: [`the note is for PR ${pr as number}, but the commit's subject names PR ${context.subjectPr}`] };
  }
  if (!Array.isArray(approvals)) return { problems: [...problems, `"approvals" is ${shown(approvals)}, not a list`] };
  const list: ApprovalNote["approvals"] = [];
  approvals.forEach((a: unknown, i) => {
    const { by, at } = typeof a === "object" && a !== null && !Array.isArray(a) ? (a as Record<string, unknown>) : {};
    const address = typeof by === "string" ? normaliseAddress(by) : undefined;
    if (!address) return void problems.push(`approvals[${i}]: "by" is ${shown(by)}, not an address; that approval is left out`);
    // Azure DevOps keeps no time for a vote, and notes written before `approvals record` stamped one say
    // null: the approval stands, its time unknown. A time that is not a time is a broken note.
    if (at === null || at === undefined) return void list.push({ by: address, at: null });
    if (typeof at !== "string" || Number.isNaN(Date.parse(at))) return void problems.push(`approvals[${i}] (${address}): "at" is ${shown(at)}, not a time; that approval is left out`);
    list.push({ by: address, at });
  });
  const requester = typeof requestedBy === "string" ? readRequester(requestedBy) : undefined;
  if (requestedBy !== undefined && requester === undefined) problems.push(`"requestedBy" is ${shown(requestedBy)}, not an address or an @login; the requester is left out`);
  return { note: { ...(prOk && { pr: pr as number }), approvals: list, ...(requester !== undefined && { requestedBy: requester }) }, problems };
}

/** A value from a note, short and as JSON; the renderers escape it for their medium. */
function shown(value: unknown): string {
  if (value === undefined) return "missing";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export interface CommitInput {
  commit: string;
  committed: string;
  author: string;
  authorEmail: string;
  message: string;
  note?: string;
  /** The trusted signer whose good signature the commit carries (see readTimeline's trustedSigners). */
  signedBy?: string;
}

/**
 * A commit's evidence, each part with its provenance. The PR: the note's (checked against the subject),
 * else a signed merge's subject, else the subject alone (unverified). The approvers: the note's, and a
 * signed merge's trailers; an unsigned commit's trailers are shown as `trailer` and count for nothing,
 * since anyone who can push can write them.
 */
export function buildEvidence(input: CommitInput): CommitEvidence {
  const subject = subjectOf(input.message);
  const subjectPr = parsePrNumber(subject);
  const read = input.note === undefined ? undefined : parseApprovalNote(input.note, { commit: input.commit, subjectPr });
  const note = read?.note;
  const signed = input.signedBy !== undefined;
  const approvals = new Map<string, EvidenceApproval>();
  for (const a of note?.approvals ?? []) if (!approvals.has(a.by)) approvals.set(a.by, { by: a.by, source: "record", at: a.at });
  for (const by of parseTrailerApprovers(input.message)) if (!approvals.has(by)) approvals.set(by, { by, source: signed ? "signed-merge" : "trailer" });
  const sorted = [...approvals.values()].sort((a, b) => (a.by < b.by ? -1 : a.by > b.by ? 1 : 0));
  // parseApprovalNote refuses a note whose PR is not the subject's: when both name one, they agree.
  const notePr = note?.pr;
  const pr = notePr ?? subjectPr;
  // The approvals record, written by the deploy workflow at the merge, names a request's author; a
  // trailer is anyone's words unless a trusted signer merged it.
  const requestedBy = parseTrailerRequester(input.message);
  const requester: EvidenceRequester | undefined =
    note?.requestedBy !== undefined ? { by: note.requestedBy, source: "record" } : requestedBy === undefined ? undefined : { by: requestedBy, source: signed ? "signed-merge" : "trailer" };
  return {
    commit: input.commit,
    at: isoUtc(input.committed),
    author: input.author,
    authorEmail: input.authorEmail,
    subject,
    pr,
    prSource: pr === null ? null : notePr !== undefined ? "record" : signed ? "signed-merge" : "subject",
    approvers: sorted.filter((a) => a.source !== "trailer").map((a) => a.by),
    approvals: sorted,
    ...(signed && { signedBy: input.signedBy }),
    ...(requester && { requester }),
    ...(read && read.problems.length > 0 && { unreadable: read.problems }),
  };
}

/** `2026-11-26T12:28:48+01:00` as `2026-11-26T11:28:48Z`. */
export function isoUtc(date: string): string {
  const ms = Date.parse(date);
  return Number.isNaN(ms) ? date : new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}
