// The approval gate's decision. Pure: the plan's approvals, the reviews, people.yaml and the PR's author
// in; for each approval, whose approval it has or who may still give it, out.
import type { Person } from "../model/people-schema";
import type { Approval } from "../plan/plan-types";
import type { Review, ReviewHost, ReviewState } from "./parse-reviews";

export interface ReviewerStanding {
  login: string;
  /** Their address, from people.yaml; absent when the login has no entry. */
  email?: string;
  /** The latest state that counts. */
  state: ReviewState;
  /** Why their approval counts for nothing, if it does not. */
  ignored?: "bot" | "author" | "unknown-login" | "stale" | "unchecked-commit";
  /** The commit their latest review was given on, when the code host says. */
  commit?: string;
}

export interface ApprovalResult {
  approval: Approval;
  /** Addresses from `anyOf` whose approval stands. */
  approvedBy: string[];
  /** Addresses from `anyOf` with no login on this code host: they could never approve here. */
  unmapped: string[];
  /** Addresses from `anyOf` who are the PR's author: their approval never counts. */
  author: string[];
  /** Every address of `anyOf` opened the change, so the approval's `fallback` approves instead. */
  fallback?: string[];
  satisfied: boolean;
}

export interface ApprovalCheck {
  ok: boolean;
  results: ApprovalResult[];
  reviewers: ReviewerStanding[];
}

/** Each reviewer's latest standing: an approval stands until changes are requested or it is dismissed. */
export function latestStates(reviews: readonly Review[]): Map<string, Review> {
  // GitHub returns reviews in order; sorting by time is stable for equal or missing times.
  const ordered = [...reviews].sort((a, b) => (a.at ?? "").localeCompare(b.at ?? ""));
  const latest = new Map<string, Review>();
  for (const r of ordered) {
    // A comment or a pending draft after an approval leaves it standing, as on GitHub itself.
    if (r.state === "commented" || r.state === "pending") {
      if (!latest.has(r.login.toLowerCase())) latest.set(r.login.toLowerCase(), r);
      continue;
    }
    latest.set(r.login.toLowerCase(), r);
  }
  return latest;
}

export function loginOf(person: Partial<Person>, host: ReviewHost): string | undefined {
  const login = host === "github" ? person.github : person.azureDevOps;
  return typeof login === "string" ? login : undefined;
}

/**
 * Why a review's approval does not count for `head`: given on another commit (stale: the pull request
 * changed after it), or on a commit that cannot be compared because no head was given. Fails closed: a
 * review that names a commit counts only when the head is known and is that commit.
 */
export function staleness(review: Review, head: string | undefined): "stale" | "unchecked-commit" | undefined {
  if (review.commit === undefined) return undefined;
  if (head === undefined) return "unchecked-commit";
  return review.commit === head.toLowerCase() ? undefined : "stale";
}

export function checkApprovals(approvals: readonly Approval[], reviews: readonly Review[], people: readonly Partial<Person>[], author: string | undefined, host: ReviewHost = reviews[0]?.host ?? "github", head?: string): ApprovalCheck {
  const emailByLogin = new Map<string, string>();
  const loginByEmail = new Map<string, string>();
  for (const p of people) {
    const login = loginOf(p, host);
    if (typeof p.email !== "string" || login === undefined) continue;
    emailByLogin.set(login.toLowerCase(), p.email.toLowerCase());
    loginByEmail.set(p.email.toLowerCase(), login.toLowerCase());
  }
  const authorLogin = author?.toLowerCase();

  const reviewers: ReviewerStanding[] = [];
  const approvers = new Set<string>();
  for (const [login, review] of latestStates(reviews.filter((r) => r.host === host))) {
    const email = emailByLogin.get(login);
    // The author cannot approve their own change: no self-approval, whatever the code host allows. A bot
    // (the workflow that opened it, say) approves for no one, even under a login people.yaml maps.
    const ignored = review.bot ? "bot" : login === authorLogin ? "author" : email === undefined ? "unknown-login" : review.state === "approved" ? staleness(review, head) : undefined;
    reviewers.push({ login: review.login, ...(email ? { email } : {}), state: review.state, ...(ignored ? { ignored } : {}), ...(review.commit !== undefined && { commit: review.commit }) });
    if (review.state === "approved" && !ignored) approvers.add(email!);
  }
  reviewers.sort((a, b) => a.login.localeCompare(b.login));

  const isAuthor = (a: string) => authorLogin !== undefined && loginByEmail.get(a) === authorLogin;
  const results = approvals.map((approval): ApprovalResult => {
    const own = approval.anyOf.map((a) => a.toLowerCase());
    // A sponsor who opens the change cannot also approve it: the fallback (a stack owner) does, as Entra's
    // fallback approvers do when the requestor is the approver.
    const fallback = approval.fallback && own.length > 0 && own.every(isAuthor) ? approval.fallback.map((a) => a.toLowerCase()) : undefined;
    const anyOf = fallback ?? own;
    const approvedBy = anyOf.filter((a) => approvers.has(a));
    return {
      approval,
      approvedBy,
      unmapped: anyOf.filter((a) => !loginByEmail.has(a)),
      author: [...new Set([...own, ...anyOf])].filter(isAuthor),
      ...(fallback && { fallback }),
      satisfied: approvedBy.length > 0,
    };
  });
  return { ok: results.every((r) => r.satisfied), results, reviewers };
}
