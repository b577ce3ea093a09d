// The audit as values: events through first-parent history, and the evidence each one carries.
// Serialisable, computed once, rendered many ways (text, Markdown, JSON, CSV, HTML).

export const EVENT_KINDS = [
  "invited",
  "adopted",
  "granted",
  "revoked",
  "expired",
  "removed",
  "renewed",
  "shortened",
  "sponsor-changed",
  "reviewed",
  "stack-created",
  "policy-changed",
  "invalid",
  "record-unreadable",
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const EVENT_FLAGS = ["direct-push", "no-approval", "not-owner", "self-approved", "unverified", "date-adjusted", "record-unreadable"] as const;
export type EventFlag = (typeof EVENT_FLAGS)[number];

/**
 * Where a PR number or an approval comes from. Only the first two are checkable, and only they count:
 * - `record`: the pipeline's note under refs/notes/guestops-approvals, tied to its commit and PR;
 * - `signed-merge`: a commit signed by a key given to the audit as a trusted signer (the code host's merge key);
 * - `trailer`: a `Reviewed-by:` or `Approved-by:` line of an unsigned commit, which anyone who commits can write;
 * - `subject`: the PR number in an unsigned commit's subject, which anyone who commits can write.
 */
export type Provenance = "record" | "signed-merge" | "trailer" | "subject";

/** One approver of a commit, with where it comes from; `at` only from a note (null when the note kept no time). */
export interface EvidenceApproval {
  by: string;
  source: Exclude<Provenance, "subject">;
  at?: string | null;
}

export type RevokeCause = "edited" | "removed" | "expired" | "catalog";

/**
 * Who asked for a change, from a `Requested-by:` trailer (an issue-form request records its issue's
 * author so). It approves nothing; it counts as evidence only from a signed merge, like an approval.
 */
export interface EvidenceRequester {
  by: string;
  /** "record": the approvals record written at the merge; "trailer": a commit's words, unverified. */
  source: "record" | "signed-merge" | "trailer";
}

/** One event: the JSON contract of `guestops audit --format json` (see docs/auditors.md). */
export interface AuditEvent {
  /** ISO-8601 UTC: when the commit reached the branch, or the start of the day after `expires`. */
  at: string;
  kind: EventKind;
  /** The lower-cased address, or null for stack-wide events. */
  guest: string | null;
  /** `group:<key>`, `app:<key>/<role>`, `app:<key>` (default access), or null. */
  target: string | null;
  /** The first-parent commit's full id; null for expiry, which no commit made. */
  commit: string | null;
  /** `Name <email>` of the commit's author; null for expiry. */
  author: string | null;
  pr: number | null;
  /** Where `pr` comes from; null when there is none. `subject` is unverified. */
  prSource: Exclude<Provenance, "trailer"> | null;
  /** The approvers that count (from a note or a signed merge): lower-cased addresses, sorted. */
  approvers: string[];
  /** Every approver shown, with its provenance, sorted by address: a `trailer` one is unverified and counts for nothing. */
  approvals: EvidenceApproval[];
  flags: EventFlag[];
  /** On `revoked` only. */
  cause?: RevokeCause;
  /**
   * On events about a guest as a whole (invited, adopted, renewed, reviewed, shortened, sponsor-changed,
   * expired, removed): the guest's sponsor, lower-cased, as the step's state declares it; absent when none.
   */
  sponsor?: string;
  /** The commit's `Requested-by:` trailer, when it has one: who asked for the change. */
  requester?: EvidenceRequester;
  /** What changed, in words: the policy path and values, an expiry's old and new date, a validation error. */
  detail?: string;
  /**
   * When it reached the tenant: the first deployment record (tag guestops/deploy/<stack>/...) of its commit
   * or a later one, or on or after its day for an expiry; null when none is recorded yet.
   */
  deployedAt?: string | null;
}

/** What a first-parent commit brings as evidence: who, which PR, who approved. */
export interface CommitEvidence {
  commit: string;
  /** ISO-8601 UTC. */
  at: string;
  author: string;
  authorEmail: string;
  subject: string;
  pr: number | null;
  prSource: Exclude<Provenance, "trailer"> | null;
  /** The approvers that count: those of `approvals` from a note or a signed merge. */
  approvers: string[];
  approvals: EvidenceApproval[];
  /** The trusted signer whose signature the commit carries: it merged through the code host. */
  signedBy?: string;
  /** Its `Requested-by:` trailer, with its provenance. */
  requester?: EvidenceRequester;
  /** Its committer date was unreadable, in the future or before its predecessor's, so `at` was moved. */
  dateAdjusted?: true;
  /** Why its approvals note, or a part of it, could not be used (see parseApprovalNote). */
  unreadable?: string[];
}

/** One approval recorded by the pipeline in the note on a first-parent commit. */
export interface NoteApproval {
  by: string;
  /** Null when the note kept no time (Azure DevOps notes written before `approvals record` set one). */
  at: string | null;
}

/** The note under refs/notes/guestops-approvals: `{ "pr": 12, "approvals": [ { "by", "at" } ] }`. */
export interface ApprovalNote {
  pr?: number;
  approvals: NoteApproval[];
  /** The author of the issue-form request the change was made for: an address, or `@login`. */
  requestedBy?: string;
}
