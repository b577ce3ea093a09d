// The approval gate's decision over review histories, as a table; and the reading of both code hosts' JSON.
import { describe, expect, it } from "vitest";
import { checkApprovals } from "../../src/approvals/check-approvals";
import { parseReviews, type Review } from "../../src/approvals/parse-reviews";
import type { Approval } from "../../src/plan/plan-types";

const people = [
  { email: "olivia.chen@contoso.com", github: "ochen" },
  { email: "priya.natarajan@contoso.com", github: "priya-n" },
  { email: "mei.lin@contoso.com", github: "mei-lin" },
  { email: "samuel.okafor@contoso.com" },
];
const expenses: Approval = { for: "app:expenses/Submitter", anyOf: ["olivia.chen@contoso.com"], guests: ["ana.silva@fabrikam.com"] };
const erp: Approval = { for: "group:erp-project", anyOf: ["priya.natarajan@contoso.com", "samuel.okafor@contoso.com"], guests: ["ana.silva@fabrikam.com"] };
const policy: Approval = { for: "policy", anyOf: ["mei.lin@contoso.com"] };

const gh = (login: string, state: Review["state"], at: string): Review => ({ host: "github", login, state, at });

const cases: { desc: string; approvals: Approval[]; reviews: Review[]; author?: string; satisfied: boolean[]; unmapped?: string[][] }[] = [
  { desc: "nothing to approve", approvals: [], reviews: [], satisfied: [] },
  { desc: "approved by the owner", approvals: [expenses], reviews: [gh("ochen", "approved", "2026-11-20T10:00:00Z")], satisfied: [true] },
  { desc: "the login compares without case", approvals: [expenses], reviews: [gh("OChen", "approved", "2026-11-20T10:00:00Z")], satisfied: [true] },
  { desc: "approved, then changes requested", approvals: [expenses], reviews: [gh("ochen", "approved", "2026-11-20T10:00:00Z"), gh("ochen", "changes-requested", "2026-11-20T11:00:00Z")], satisfied: [false] },
  { desc: "changes requested, then approved", approvals: [expenses], reviews: [gh("ochen", "changes-requested", "2026-11-20T10:00:00Z"), gh("ochen", "approved", "2026-11-20T11:00:00Z")], satisfied: [true] },
  { desc: "the order of the file does not matter, the times do", approvals: [expenses], reviews: [gh("ochen", "changes-requested", "2026-11-20T11:00:00Z"), gh("ochen", "approved", "2026-11-20T10:00:00Z")], satisfied: [false] },
  { desc: "a comment after an approval leaves it standing", approvals: [expenses], reviews: [gh("ochen", "approved", "2026-11-20T10:00:00Z"), gh("ochen", "commented", "2026-11-20T11:00:00Z")], satisfied: [true] },
  { desc: "a dismissed approval", approvals: [expenses], reviews: [gh("ochen", "approved", "2026-11-20T10:00:00Z"), gh("ochen", "dismissed", "2026-11-20T11:00:00Z")], satisfied: [false] },
  { desc: "a comment is not an approval", approvals: [expenses], reviews: [gh("ochen", "commented", "2026-11-20T10:00:00Z")], satisfied: [false] },
  { desc: "an approval by the author", approvals: [expenses], reviews: [gh("ochen", "approved", "2026-11-20T10:00:00Z")], author: "ochen", satisfied: [false] },
  { desc: "the author is one of two owners: the other must approve", approvals: [erp], reviews: [gh("priya-n", "approved", "2026-11-20T10:00:00Z")], author: "Priya-N", satisfied: [false], unmapped: [["samuel.okafor@contoso.com"]] },
  { desc: "approval by someone else is not the owner's", approvals: [expenses], reviews: [gh("priya-n", "approved", "2026-11-20T10:00:00Z")], satisfied: [false] },
  { desc: "a login missing from people.yaml counts for no one", approvals: [expenses], reviews: [gh("olivia-personal", "approved", "2026-11-20T10:00:00Z")], satisfied: [false] },
  { desc: "an owner with no login cannot approve; another owner can", approvals: [erp], reviews: [gh("priya-n", "approved", "2026-11-20T10:00:00Z")], satisfied: [true], unmapped: [["samuel.okafor@contoso.com"]] },
  { desc: "a policy change without a stack owner can never be approved", approvals: [{ for: "policy", anyOf: [] }], reviews: [gh("mei-lin", "approved", "2026-11-20T10:00:00Z")], satisfied: [false] },
  { desc: "each approval on its own", approvals: [expenses, erp, policy], reviews: [gh("ochen", "approved", "2026-11-20T10:00:00Z"), gh("mei-lin", "approved", "2026-11-20T10:00:00Z")], satisfied: [true, false, true] },
];

describe("checkApprovals", () => {
  it.each(cases)("$desc", ({ approvals, reviews, author, satisfied, unmapped }) => {
    const check = checkApprovals(approvals, reviews, people, author);
    expect(check.results.map((r) => r.satisfied)).toEqual(satisfied);
    expect(check.ok).toBe(satisfied.every(Boolean));
    if (unmapped) expect(check.results.map((r) => r.unmapped)).toEqual(unmapped);
  });

  it("says why a reviewer's approval does not count", () => {
    const check = checkApprovals([expenses], [gh("ochen", "approved", "2026-11-20T10:00:00Z"), gh("stranger", "approved", "2026-11-20T10:00:00Z")], people, "ochen");
    expect(check.reviewers).toEqual([
      { login: "ochen", email: "olivia.chen@contoso.com", state: "approved", ignored: "author" },
      { login: "stranger", state: "approved", ignored: "unknown-login" },
    ]);
    expect(check.results[0]!.author).toEqual(["olivia.chen@contoso.com"]);
  });

  describe("an approval counts for the commit it was given on", () => {
    const OLD = "a".repeat(40);
    const HEAD = "b".repeat(40);
    const on = (review: Review, commit: string): Review => ({ ...review, commit });
    it.each([
      { desc: "given on the head", reviews: [on(gh("ochen", "approved", "2026-11-20T10:00:00Z"), HEAD)], head: HEAD, ok: true, ignored: undefined },
      { desc: "given on the head, the head in capitals", reviews: [on(gh("ochen", "approved", "2026-11-20T10:00:00Z"), HEAD)], head: HEAD.toUpperCase(), ok: true, ignored: undefined },
      { desc: "given on an older commit: stale", reviews: [on(gh("ochen", "approved", "2026-11-20T10:00:00Z"), OLD)], head: HEAD, ok: false, ignored: "stale" },
      { desc: "a stale approval, then a comment on the head: still stale", reviews: [on(gh("ochen", "approved", "2026-11-20T10:00:00Z"), OLD), on(gh("ochen", "commented", "2026-11-20T11:00:00Z"), HEAD)], head: HEAD, ok: false, ignored: "stale" },
      { desc: "approved again on the head", reviews: [on(gh("ochen", "approved", "2026-11-20T10:00:00Z"), OLD), on(gh("ochen", "approved", "2026-11-20T11:00:00Z"), HEAD)], head: HEAD, ok: true, ignored: undefined },
      { desc: "no --head: a review that names a commit cannot be checked, so it does not count", reviews: [on(gh("ochen", "approved", "2026-11-20T10:00:00Z"), HEAD)], head: undefined, ok: false, ignored: "unchecked-commit" },
      { desc: "a review that names no commit is judged as before", reviews: [gh("ochen", "approved", "2026-11-20T10:00:00Z")], head: HEAD, ok: true, ignored: undefined },
    ])("$desc", ({ reviews, head, ok, ignored }) => {
      const check = checkApprovals([expenses], reviews, people, undefined, "github", head);
      expect(check.ok).toBe(ok);
      expect(check.reviewers[0]!.ignored).toBe(ignored);
    });
  });

  it("matches Azure DevOps reviewers by their azureDevOps name, not by GitHub login", () => {
    const azure = parseReviews({ value: [{ uniqueName: "Olivia.Chen@contoso.com", vote: 10 }] }).reviews;
    expect(checkApprovals([expenses], azure, people, undefined).ok).toBe(false);
    expect(checkApprovals([expenses], azure, [{ email: "olivia.chen@contoso.com", azureDevOps: "olivia.chen@contoso.com" }], undefined).ok).toBe(true);
  });
});

describe("a bot's review", () => {
  // Even under a login people.yaml maps (a misconfigured people.yaml), a bot approves for no one: the
  // renewal workflow opens its pull requests as one, and must never also pass them.
  const mapped = [...people, { email: "olivia.chen@contoso.com", github: "renewals-bot", azureDevOps: "olivia.chen@contoso.com" }];
  it.each([
    { desc: "a GitHub App ([bot] login)", json: [{ user: { login: "guestops-renewals[bot]", type: "Bot" }, state: "APPROVED" }], login: "guestops-renewals[bot]" },
    { desc: "GitHub Actions' own token", json: [{ user: { login: "github-actions[bot]", type: "Bot" }, state: "APPROVED" }], login: "github-actions[bot]" },
    { desc: "type Bot under a login people.yaml maps", json: [{ user: { login: "renewals-bot", type: "Bot" }, state: "APPROVED" }], login: "renewals-bot" },
    { desc: "Azure Pipelines' build service", json: { value: [{ uniqueName: "olivia.chen@contoso.com", displayName: "Guests Build Service (contoso)", vote: 10 }] }, login: "olivia.chen@contoso.com" },
  ])("$desc never counts as an approval", ({ json, login }) => {
    const parsed = parseReviews(json);
    expect(parsed.reviews).toMatchObject([{ login, bot: true }]);
    const check = checkApprovals([expenses], parsed.reviews, mapped, undefined);
    expect(check.ok).toBe(false);
    expect(check.reviewers).toMatchObject([{ login, ignored: "bot" }]);
  });

  it("a person's review beside it still counts", () => {
    const parsed = parseReviews([{ user: { login: "github-actions[bot]", type: "Bot" }, state: "APPROVED" }, { user: { login: "ochen", type: "User" }, state: "APPROVED" }]);
    expect(checkApprovals([expenses], parsed.reviews, people, undefined).ok).toBe(true);
  });
});

describe("parseReviews", () => {
  it("reads GitHub's review list, pages and all, with the PR number", () => {
    const page = [{ id: 1, user: { login: "ochen" }, state: "APPROVED", submitted_at: "2026-11-20T10:00:00Z", commit_id: "A".repeat(40), pull_request_url: "https://api.github.com/repos/contoso/guests/pulls/12" }];
    expect(parseReviews([page, [{ user: { login: "mei-lin" }, state: "CHANGES_REQUESTED" }]])).toEqual({
      host: "github",
      pr: 12,
      problems: [],
      reviews: [
        { host: "github", login: "ochen", state: "approved", at: "2026-11-20T10:00:00Z", commit: "a".repeat(40) },
        { host: "github", login: "mei-lin", state: "changes-requested" },
      ],
    });
  });

  it.each([
    [10, "approved"],
    [5, "approved"],
    [0, "pending"],
    [-5, "changes-requested"],
    [-10, "changes-requested"],
  ] as const)("reads an Azure DevOps vote of %d as %s", (vote, state) => {
    expect(parseReviews({ value: [{ uniqueName: "mei.lin@contoso.com", vote }] }).reviews).toEqual([{ host: "azureDevOps", login: "mei.lin@contoso.com", state }]);
  });

  it("ignores team votes, deleted users and junk, saying so", () => {
    const parsed = parseReviews([{ user: null, state: "APPROVED" }, "x", { user: { login: "a" }, state: "LGTM" }]);
    expect(parsed.reviews).toEqual([]);
    expect(parsed.problems).toHaveLength(3);
    expect(parseReviews({ value: [{ uniqueName: "[Contoso]\\Platform", vote: 10, isContainer: true }] }).reviews).toEqual([]);
    expect(parseReviews("nope").problems[0]).toContain("neither");
    // An empty Azure DevOps list is still Azure DevOps: owners are then matched by their azureDevOps names.
    expect(parseReviews({ value: [] })).toEqual({ host: "azureDevOps", reviews: [], problems: [] });
  });
});
