// Property: over any change to a sharded tenant (guests added, removed, regranted or moved between shards,
// a new shard, policy and catalog edits), the approvals that `guestops plan` shows (JSON "approvals") are
// exactly what the gate finds missing when no one has reviewed (`guestops approvals --format json`), for
// the whole tenant and for each shard that --stack narrows to. One computation, never two that disagree.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runCli } from "../cli/run-cli";
import { applyFiles, gitRepo } from "../git/git-repo";
import { fabrikamGuests, PEOPLE_YAML as PEOPLE, stackDoc, type GuestSpec } from "../plan/plan-fixtures";
import { tenantFiles } from "../shards/shard-fixtures";

const AS_OF = ["--as-of", "2026-12-01"];
const POOL = fabrikamGuests();
const SHARDS = ["eu", "us", "apac"] as const;
const GROUPS = ["erp-project", "finance", "supplier-portal"];
const APPS = [{ app: "expenses", role: "Submitter" }, { app: "expenses", role: "Approver" }];

/** Where each guest of the pool is (a shard, or nowhere) and what it holds. */
const placement = fc.record({
  shard: fc.option(fc.constantFrom(...SHARDS), { nil: undefined }),
  groups: fc.subarray(GROUPS),
  apps: fc.subarray(APPS),
});
const side = fc.array(placement, { minLength: POOL.length, maxLength: POOL.length });
const policyEdit = fc.constantFrom("none", "maxExpiryDays", "groupOwner", "blockedDomain", "newGroup");

function files(places: readonly { shard?: string; groups: string[]; apps: { app: string; role: string }[] }[], edit: string): Record<string, string> {
  const by: Record<string, GuestSpec[]> = { eu: [], us: [] };
  places.forEach((p, i) => {
    if (p.shard === undefined) return;
    const { groups: _g, apps: _a, ...guest } = POOL[i]!;
    (by[p.shard] ??= []).push({ ...guest, ...(p.groups.length > 0 && { groups: p.groups }), ...(p.apps.length > 0 && { apps: p.apps }) });
  });
  const stack = stackDoc();
  if (edit === "maxExpiryDays") stack.policy.maxExpiryDays = 400;
  if (edit === "groupOwner") stack.groups.finance.owners.push("mei.lin@contoso.com");
  if (edit === "blockedDomain") stack.policy.blockedDomains = ["gmail.com"];
  if (edit === "newGroup") stack.groups.travel = { objectId: "99999999-9999-4999-8999-999999999999", displayName: "Travel", owners: ["tomas.berg@contoso.com"], allowGuests: true };
  return tenantFiles(by, stack);
}

interface GateJson {
  ok: boolean;
  approvals: { for: string; anyOf: string[]; fallback?: string[]; guests?: string[]; satisfied: boolean }[];
}

describe("the gate's missing approvals, for any change to a sharded tenant", () => {
  it("are exactly the approvals the plan shows", async () => {
    let needed = 0;
    await fc.assert(
      fc.asyncProperty(side, side, policyEdit, async (before, after, edit) => {
        const base = files(before, "none");
        const head = files(after, edit);
        const root = gitRepo([{ message: "base", files: { ...base, "people.yaml": PEOPLE } }]);
        // Files the head no longer has are deleted, as a change would.
        applyFiles(root, { ...Object.fromEntries(Object.keys(base).map((k) => [k, null])), ...head });
        writeFileSync(join(root, "none.json"), "[]");
        const stacks = Object.keys(head).flatMap((k) => /^stacks\/(.*)\.yaml$/.exec(k)?.[1] ?? []);
        for (const scope of [["--tenant", "contoso"], ...stacks.map((s) => ["--stack", s])]) {
          const plan = await runCli(["plan", "--format", "json", ...AS_OF, ...scope], root);
          const gate = await runCli(["approvals", "--reviews", "none.json", "--format", "json", ...AS_OF, ...scope], root);
          // A refused plan (a shard deleted with guests in it) still lists what it would need.
          expect([0, 3], plan.stdout).toContain(plan.code);
          const shown = (JSON.parse(plan.stdout) as { approvals: unknown[] }).approvals;
          const checked = JSON.parse(gate.stdout) as GateJson;
          const missing = checked.approvals.filter((a) => !a.satisfied).map(({ for: f, anyOf, fallback, guests }) => ({ for: f, anyOf, ...(fallback && { fallback }), ...(guests && { guests }) }));
          expect(missing).toEqual(shown);
          expect(checked.approvals.every((a) => !a.satisfied)).toBe(true);
          expect(gate.code).toBe(shown.length === 0 ? 0 : 5);
          if (shown.length > 0) needed++;
        }
      }),
      { numRuns: 10 },
    );
    // The property says something only if changes that need approvals were generated.
    expect(needed).toBeGreaterThan(0);
  });
});
