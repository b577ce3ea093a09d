// Evidence from a commit: its PR number from the merge or squash subject, its approvers from trailers
// and from the approvals note. Pure: text in, values out; untrusted text never throws.
import type { ApprovalNote, CommitEvidence } from "./audit-types";

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

/** Addresses of `Reviewed-by:` and `Approved-by:` trailers, in the message's last paragraph. */
export function parseTrailerApprovers(message: string): string[] {
  const paragraphs = message.replace(/\s+$/, "").split(/\n[ \t]*\n/);
  const last = paragraphs.length > 1 ? paragraphs[paragraphs.length - 1]! : "";
  const found: string[] = [];
  for (const line of last.split("\n")) {
    const m = /^(?:Reviewed-by|Approved-by):\s*(.+)$/i.exec(line.trim());
    const address = m ? normaliseAddress(m[1]!) : undefined;
    if (address) found.push(address);
  }
  return found;
}

/** The approvals note, or undefined when it is not the documented JSON (it is then ignored, never trusted in part). */
export function parseApprovalNote(text: string): ApprovalNote | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const { pr, approvals } = value as Record<string, unknown>;
  if (pr !== undefined && !(Number.isSafeInteger(pr) && (pr as number) > 0)) return undefined;
  if (!Array.isArray(approvals)) return undefined;
  const list: ApprovalNote["approvals"] = [];
  for (const a of approvals) {
    if (typeof a !== "object" || a === null) return undefined;
    const { by, at } = a as Record<string, unknown>;
    const address = typeof by === "string" ? normaliseAddress(by) : undefined;
    if (!address || typeof at !== "string" || Number.isNaN(Date.parse(at))) return undefined;
    list.push({ by: address, at });
  }
  return { ...(pr !== undefined && { pr: pr as number }), approvals: list };
}

export interface CommitInput {
  commit: string;
  committed: string;
  author: string;
  authorEmail: string;
  message: string;
  note?: string;
}

/** A commit's evidence: the subject's PR (else the note's), approvers from trailers and the note. */
export function buildEvidence(input: CommitInput): CommitEvidence {
  const subject = subjectOf(input.message);
  const note = input.note === undefined ? undefined : parseApprovalNote(input.note);
  const approvers = [...new Set([...parseTrailerApprovers(input.message), ...(note?.approvals.map((a) => a.by) ?? [])])].sort();
  return {
    commit: input.commit,
    at: isoUtc(input.committed),
    author: input.author,
    authorEmail: input.authorEmail,
    subject,
    pr: parsePrNumber(subject) ?? note?.pr ?? null,
    approvers,
  };
}

/** `2026-11-26T12:28:48+01:00` as `2026-11-26T11:28:48Z`. */
export function isoUtc(date: string): string {
  const ms = Date.parse(date);
  return Number.isNaN(ms) ? date : new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}
