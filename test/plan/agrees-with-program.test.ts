// The plan and the Pulumi program agree: what the plan says will exist after a deploy (the base's
// resources, minus its deletes, plus its creates) is exactly what the program registers for the head,
// with the options the plan relies on (retainOnDelete for the account, ignoreChanges for stability).
import { describe, expect, it } from "vitest";
import { INVITATION, resourcesFor } from "../../src/model/resources-for";
import { keyOf, runFixture } from "../pulumi/run-fixture";
import { AS_OF, fabrikamGuests, loadFiles, northwindGuests, planFor, repoFiles, stackDoc } from "./plan-fixtures";

const headOf = (onRemoval: "retain" | "delete") => {
  const stack = { ...stackDoc(), policy: { ...stackDoc().policy, onRemoval }, ...(onRemoval === "delete" && { lifecycle: { blockSignInOnExpiry: true } }) };
  return {
    base: repoFiles({ stack }),
    head: repoFiles({
      stack,
      fabrikam: [...fabrikamGuests().filter((g) => !g.email.startsWith("ben.")), { email: "kofi.mensah@fabrikam.com", displayName: "Kofi Mensah", expires: "2027-05-31", groups: ["erp-project"] }],
      northwind: northwindGuests().map((g) => (g.email.startsWith("hugo.") ? { ...g, expires: "2026-11-15" } : g)),
    }),
  };
};

describe("plan and Pulumi program", () => {
  it.each(["retain", "delete"] as const)("agree on the resources after the deploy (onRemoval: %s)", async (onRemoval) => {
    const { base, head } = headOf(onRemoval);
    const plan = await planFor(base, head);
    const after = new Set(resourcesFor((await loadFiles(base)).state).map(keyOf));
    for (const c of plan.changes) {
      if (c.op === "delete") after.delete(keyOf(c));
      if (c.op === "create") after.add(keyOf(c));
    }
    expect(plan.summary.create).toBeGreaterThan(0);
    expect(plan.summary.delete).toBeGreaterThan(0);

    const run = await runFixture(head, { asOf: AS_OF });
    expect(run.registrations.map(keyOf).sort()).toEqual([...after].sort());

    for (const c of plan.changes.filter((c) => c.op === "create")) {
      const registered = run.byKey.get(keyOf(c))!;
      // Plain inputs as planned; references ({ ref, output }) resolve to the invitation's user id at deploy.
      for (const [input, value] of Object.entries(c.after ?? {})) if (typeof value === "string") expect(registered.inputs[input]).toBe(value);
    }
    for (const r of run.registrations.filter((r) => r.type === INVITATION)) {
      // The plan reads "account kept" from this option (as stored after the deploy) and its stability from
      // ignoreChanges. Invitations are always retained: only GuestLifecycle deletes accounts.
      expect(r.retainOnDelete).toBe(true);
      expect(r.ignoreChanges).toEqual(expect.arrayContaining(["userEmailAddress", "userDisplayName", "message"]));
    }
  });
});
