// Reads the code host's review list into one shape. Pure: parsed JSON in, reviews or a reason out.
// GitHub: the JSON of GET /repos/{owner}/{repo}/pulls/{n}/reviews (an array, or an array of pages from
// `gh api --paginate --slurp`). Azure DevOps: the reviewers of a pull request with their votes
// (GET .../pullRequests/{id}/reviewers, `{ value: [...] }`, or the pull request's own `reviewers`).

export type ReviewHost = "github" | "azureDevOps";
/** What a review says. `commented` and `pending` change no one's standing. */
export type ReviewState = "approved" | "changes-requested" | "dismissed" | "commented" | "pending";

export interface Review {
  host: ReviewHost;
  /** GitHub login, or Azure DevOps uniqueName. */
  login: string;
  state: ReviewState;
  /** When it was submitted (GitHub); Azure DevOps keeps only each reviewer's current vote. */
  at?: string;
  /**
   * The commit it was given on (GitHub's `commit_id`): an approval counts for that commit only. Azure DevOps'
   * reviewers carry none; there the branch policy's vote reset on new pushes does this.
   */
  commit?: string;
  /**
   * Given by a bot: a GitHub App or Actions (`user.type` Bot, a login ending in `[bot]`), or an Azure
   * Pipelines build service identity. A workflow that opens pull requests (the renewal run) must never
   * approve them too, so such a review is kept for the record but counts for no one.
   */
  bot?: true;
}

export interface ParsedReviews {
  host?: ReviewHost;
  reviews: Review[];
  /** The pull request number, when the JSON names it (GitHub's pull_request_url). */
  pr?: number;
  problems: string[];
}

const GITHUB_STATES: Record<string, ReviewState> = {
  APPROVED: "approved",
  CHANGES_REQUESTED: "changes-requested",
  DISMISSED: "dismissed",
  COMMENTED: "commented",
  PENDING: "pending",
};

export function parseReviews(json: unknown): ParsedReviews {
  const list = reviewList(json);
  if (list === undefined) return { reviews: [], problems: ["the reviews file is neither GitHub's review list (a JSON array) nor Azure DevOps' reviewers ({ value: [...] })"] };
  // Azure DevOps wraps its list in an object; GitHub answers with the array itself.
  const out: ParsedReviews = { ...(Array.isArray(json) ? {} : { host: "azureDevOps" as const }), reviews: [], problems: [] };
  list.forEach((item, i) => {
    if (typeof item !== "object" || item === null) return void out.problems.push(`review ${i} is not an object`);
    const r = item as Record<string, unknown>;
    if ("vote" in r) return azureReview(r, i, out);
    return githubReview(r, i, out);
  });
  return out;
}

function reviewList(json: unknown): unknown[] | undefined {
  if (Array.isArray(json)) return json.every(Array.isArray) && json.length > 0 ? (json as unknown[][]).flat() : json;
  if (typeof json !== "object" || json === null) return undefined;
  const o = json as Record<string, unknown>;
  if (Array.isArray(o.value)) return o.value;
  if (Array.isArray(o.reviewers)) return o.reviewers;
  return undefined;
}

function githubReview(r: Record<string, unknown>, i: number, out: ParsedReviews): void {
  const login = (r.user as { login?: unknown } | null | undefined)?.login;
  const state = typeof r.state === "string" ? GITHUB_STATES[r.state] : undefined;
  // A review by a deleted account has user null: nobody's approval.
  if (typeof login !== "string" || state === undefined) return void out.problems.push(`review ${i} has no user.login or an unknown state ${JSON.stringify(r.state)}; it is ignored`);
  out.host = "github";
  const commit = typeof r.commit_id === "string" ? r.commit_id.toLowerCase() : undefined;
  const bot = (r.user as { type?: unknown }).type === "Bot" || /\[bot\]$/i.test(login);
  out.reviews.push({ host: "github", login, state, ...(typeof r.submitted_at === "string" ? { at: r.submitted_at } : {}), ...(commit !== undefined && { commit }), ...(bot && { bot: true as const }) });
  const pr = typeof r.pull_request_url === "string" ? /\/pulls\/(\d+)$/.exec(r.pull_request_url)?.[1] : undefined;
  if (pr !== undefined) out.pr = Number(pr);
}

function azureReview(r: Record<string, unknown>, i: number, out: ParsedReviews): void {
  // A group or team vote approves for no one in particular: only people count.
  if (r.isContainer === true) return;
  const login = r.uniqueName;
  if (typeof login !== "string" || typeof r.vote !== "number") return void out.problems.push(`reviewer ${i} has no uniqueName or vote; it is ignored`);
  out.host = "azureDevOps";
  // 10 approved, 5 approved with suggestions, 0 no vote, -5 waiting for the author, -10 rejected.
  const state: ReviewState = r.vote >= 5 ? "approved" : r.vote < 0 ? "changes-requested" : "pending";
  // A pipeline votes as "<project> Build Service (<organization>)", the identity az repos runs as.
  const bot = typeof r.displayName === "string" && /\bBuild Service\b/i.test(r.displayName);
  out.reviews.push({ host: "azureDevOps", login, state, ...(bot && { bot: true as const }) });
}
