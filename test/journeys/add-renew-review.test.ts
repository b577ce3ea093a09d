// A requester's first guest without writing YAML: from a fresh copy of the example, one `guestops add`
// writes a valid entry with every comment of the file intact, on a branch, and `guestops plan` shows the
// invitation with the approvals it needs. Once merged, the sponsor renews the guest and later records a
// review, each on its own branch, and each plan shows it with its approvers.
import { describe, expect, it } from "vitest";
import { git } from "../git/git-repo";
import { runCli } from "../cli/run-cli";
import { exampleRepo, read } from "../edit/edit-repo";
import { exampleText } from "../helpers/example";

const AS_OF = ["--as-of", "2026-12-01"];
const comments = (text: string) => text.split("\n").filter((l) => l.includes("#")).map((l) => l.slice(l.indexOf("#")));

interface JsonPlan {
  guests: { action: string; email: string; renewed?: { from: string; to: string }; reviewed?: string }[];
  approvals: { for: string; anyOf: string[]; guests?: string[] }[];
}

describe("add, renew and review a guest with one command each", () => {
  it("runs end to end", async () => {
    const root = exampleRepo();
    const before = exampleText("guests/fabrikam.yaml");

    // 1. Add: one command, committed on a new branch.
    const add = await runCli(["add", "zoe.martin@fabrikam.com", "--name", "Zoé Martin (Fabrikam)", "--expires", "2027-03-31", "--justification", "CHG-1200 ERP reporting", "--group", "erp-project", "--app", "expenses/Submitter", "--branch", "guests/add-zoe-martin", ...AS_OF], root);
    expect(add.code, add.stderr).toBe(0);
    const added = read(root, "guests/fabrikam.yaml");
    expect(comments(added)).toEqual(comments(before));
    expect(added.startsWith(before)).toBe(true);
    const validate = await runCli(["validate", ...AS_OF], root);
    expect(validate.code, validate.stdout).toBe(0);
    expect(git(root, ["log", "-1", "--format=%B"])).toContain("Justification: CHG-1200 ERP reporting");

    const invitePlan = await runCli(["plan", "--base", "main", "--format", "json", ...AS_OF], root);
    expect(invitePlan.code, invitePlan.stderr).toBe(0);
    const invited = JSON.parse(invitePlan.stdout) as JsonPlan;
    expect(invited.guests).toEqual([expect.objectContaining({ action: "invite", email: "zoe.martin@fabrikam.com" })]);
    expect(invited.approvals.map((a) => a.for).sort()).toEqual(["app:expenses/Submitter", "group:erp-project", "sponsor:priya.natarajan@contoso.com"]);

    // The pull request merges.
    git(root, ["switch", "-q", "main"]);
    git(root, ["merge", "-q", "--ff-only", "guests/add-zoe-martin"]);

    // 2. Renew, with the review dated on the day, on its own branch.
    const renew = await runCli(["renew", "zoe.martin@fabrikam.com", "--until", "2027-06-30", "--justification", "CHG-1250 ERP reporting, phase 2", "--branch", "renew/zoe-martin", "--as-of", "2027-01-15"], root);
    expect(renew.code, renew.stderr).toBe(0);
    expect(comments(read(root, "guests/fabrikam.yaml"))).toEqual(comments(before));
    const renewPlan = JSON.parse((await runCli(["plan", "--base", "main", "--format", "json", "--as-of", "2027-01-15"], root)).stdout) as JsonPlan;
    expect(renewPlan.guests).toEqual([expect.objectContaining({ action: "renew", email: "zoe.martin@fabrikam.com", renewed: { from: "2027-03-31", to: "2027-06-30" }, reviewed: "2027-01-15" })]);
    expect(renewPlan.approvals.map((a) => a.for).sort()).toEqual(["app:expenses/Submitter", "group:erp-project", "sponsor:priya.natarajan@contoso.com"]);
    git(root, ["switch", "-q", "main"]);
    git(root, ["merge", "-q", "--ff-only", "renew/zoe-martin"]);

    // 3. A review later on: only the review changes, and the sponsor attests it.
    const review = await runCli(["review", "zoe.martin@fabrikam.com", "--branch", "review/zoe-martin", "--as-of", "2027-04-01"], root);
    expect(review.code, review.stderr).toBe(0);
    const reviewPlan = JSON.parse((await runCli(["plan", "--base", "main", "--format", "json", "--as-of", "2027-04-01"], root)).stdout) as JsonPlan;
    expect(reviewPlan.guests).toEqual([expect.objectContaining({ action: "review", email: "zoe.martin@fabrikam.com", reviewed: "2027-04-01" })]);
    expect(reviewPlan.approvals.map((a) => a.for)).toEqual(["sponsor:priya.natarajan@contoso.com"]);
    expect(read(root, "guests/fabrikam.yaml")).toContain("  - email: zoe.martin@fabrikam.com\n    displayName: Zoé Martin (Fabrikam)\n    expires: 2027-06-30\n    justification: CHG-1250 ERP reporting, phase 2\n    groups: [erp-project]\n    apps:\n      - { app: expenses, role: Submitter }\n    reviewed: 2027-04-01\n");
  });
});
