// The note that `approvals record` writes on a merged commit under refs/notes/guestops-approvals, and
// that `guestops audit` reads back:
//   { "commit": sha, "pr": 12, "approvals": [ { "by": address, "at": ISO time } ], "requestedBy"?: address or "@login" }
// Pure: the reviews and people.yaml in, the note out.
import type { Person } from "../model/people-schema";
import { latestStates, loginOf, staleness } from "./check-approvals";
import type { Review, ReviewHost } from "./parse-reviews";

export const APPROVALS_NOTES_REF = "refs/notes/guestops-approvals";

export interface ApprovalsNote {
  /** The commit the note is written on, so that a note copied to another commit reads as not its own. */
  commit: string;
  pr: number;
  approvals: { by: string; at: string }[];
  /** Who asked for the change through an issue-form request: their address in people.yaml, else `@login`. */
  requestedBy?: string;
}

export interface BuiltNote {
  note: ApprovalsNote;
  /** Approving logins with no address in people.yaml: left out of the note, and named so someone can fix it. */
  unmapped: string[];
  /** Approving logins whose approval was given on another commit than the head, or could not be compared with it: left out. */
  stale: { login: string; commit: string; reason: "stale" | "unchecked-commit" }[];
}

export interface NoteTarget {
  commit: string;
  pr: number;
  /** When the note is written: the time of an approval whose code host keeps none (Azure DevOps keeps only each current vote). */
  recordedAt: string;
  /** The pull request's head when it merged: an approval given on another commit is not recorded (see staleness). */
  head?: string;
  /** The login of a request's author (the issue's, for a pull request the pull-request app opened). */
  requestedBy?: string;
}

/** Every standing approval but the author's, by address, in order of time. */
export function buildApprovalsNote(reviews: readonly Review[], people: readonly Partial<Person>[], author: string | undefined, target: NoteTarget, host: ReviewHost = reviews[0]?.host ?? "github"): BuiltNote {
  const emailByLogin = new Map<string, string>();
  for (const p of people) {
    const login = loginOf(p, host);
    if (typeof p.email === "string" && login !== undefined) emailByLogin.set(login.toLowerCase(), p.email.toLowerCase());
  }
  const approvals: ApprovalsNote["approvals"] = [];
  const unmapped: string[] = [];
  const stale: BuiltNote["stale"] = [];
  for (const [login, review] of latestStates(reviews.filter((r) => r.host === host))) {
    if (review.state !== "approved" || login === author?.toLowerCase()) continue;
    const reason = staleness(review, target.head);
    if (reason !== undefined) {
      stale.push({ login: review.login, commit: review.commit!, reason });
      continue;
    }
    const email = emailByLogin.get(login);
    if (email === undefined) unmapped.push(review.login);
    else approvals.push({ by: email, at: review.at ?? target.recordedAt });
  }
  approvals.sort((a, b) => a.at.localeCompare(b.at) || a.by.localeCompare(b.by));
  const requester = target.requestedBy === undefined ? undefined : (emailByLogin.get(target.requestedBy.toLowerCase()) ?? `@${target.requestedBy.toLowerCase()}`);
  return { note: { commit: target.commit, pr: target.pr, approvals, ...(requester !== undefined && { requestedBy: requester }) }, unmapped, stale };
}

export function renderApprovalsNote(note: ApprovalsNote): string {
  return JSON.stringify(note, null, 2) + "\n";
}
