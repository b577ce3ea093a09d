// The safety guards: mass removal around the threshold, --allow-mass-removal, an emptied guests/, and
// changes that would delete a person's account.
import { describe, expect, it } from "vitest";
import { renderPlanGithub, renderPlanJson } from "../../src/plan/render-plan-machine";
import { renderPlanMarkdown } from "../../src/plan/render-plan-markdown";
import { renderPlanText } from "../../src/plan/render-plan-text";
import { AS_OF, fabrikamGuests, loadFiles, northwindGuests, planFor, repoFiles, stackDoc, TENANT, type GuestSpec } from "./plan-fixtures";

/** `n` Northwind guests, one membership each, so shares are easy to count. */
const many = (n: number): GuestSpec[] =>
  Array.from({ length: n }, (_, i) => ({ email: `person.${String(i).padStart(2, "0")}@northwind.example`, displayName: `Person ${i}`, expires: "2027-06-30", groups: ["supplier-portal"] }));
const twenty = () => repoFiles({ fabrikam: [], northwind: many(20) });
const guards = (plan: { guards: { refusals: { guard: string }[] } }) => plan.guards.refusals.map((r) => r.guard);

describe("mass removal (policy.maxRemovalShare 0.25 of 20 guests with one membership each)", () => {
  const rows = [
    { desc: "4 removed (20%), below the limit", head: repoFiles({ fabrikam: [], northwind: many(20).slice(4) }), refused: false },
    { desc: "5 removed (25%), at the limit: not more than it", head: repoFiles({ fabrikam: [], northwind: many(20).slice(5) }), refused: false },
    { desc: "6 removed (30%), just above the limit", head: repoFiles({ fabrikam: [], northwind: many(20).slice(6) }), refused: true },
    { desc: "6 expired (30%): expiry removes access too", head: repoFiles({ fabrikam: [], northwind: many(20).map((g, i) => (i < 6 ? { ...g, expires: "2026-11-30" } : g)) }), refused: true },
    {
      desc: "6 memberships dropped (30%) while every guest stays",
      head: repoFiles({ fabrikam: [], northwind: many(20).map((g, i) => (i < 6 ? { ...g, groups: [], apps: [{ app: "expenses" }] } : g)) }),
      refused: true,
    },
  ];
  it.each(rows)("$desc", async ({ head, refused }) => {
    const plan = await planFor(twenty(), head);
    expect(guards(plan)).toEqual(refused ? ["massRemoval"] : []);
    expect(plan.refused !== null).toBe(refused);
  });

  it("names the counts, the limit and the way out", async () => {
    const plan = await planFor(twenty(), repoFiles({ fabrikam: [], northwind: many(20).slice(6) }));
    expect(plan.refused).toContain("removes 6 of 20 managed guests (30%)");
    expect(plan.refused).toContain("deletes or replaces 6 of 20 memberships and app role assignments (30%)");
    expect(plan.refused).toContain("policy.maxRemovalShare 0.25");
    expect(plan.refused).toContain("--allow-mass-removal");
  });

  it.each([
    { desc: "a PR that raises the limit and removes in one change is judged by the base's lower limit", base: 0.25, head: 0.5, refused: true },
    { desc: "a raised limit applies once it is deployed", base: 0.5, head: 0.5, refused: false },
    { desc: "a PR that lowers the limit is judged by its own lower limit", base: 0.5, head: 0.25, refused: true },
  ])("$desc", async ({ base, head, refused }) => {
    const withShare = (share: number) => {
      const stack = stackDoc();
      stack.policy.maxRemovalShare = share;
      return stack;
    };
    const plan = await planFor(repoFiles({ stack: withShare(base), fabrikam: [], northwind: many(20) }), repoFiles({ stack: withShare(head), fabrikam: [], northwind: many(20).slice(6) }));
    expect(plan.refused !== null).toBe(refused);
    expect(plan.guards.removal.limit).toBe(Math.min(base, head));
    if (base !== head) expect(plan.notices.join("\n")).toContain(`policy.maxRemovalShare changes from ${base} (${base * 100}%) to ${head} (${head * 100}%)`);
  });

  it("--allow-mass-removal lifts it, and every format says so loudly", async () => {
    const plan = await planFor(twenty(), repoFiles({ fabrikam: [], northwind: many(20).slice(6) }), { allowMassRemoval: true });
    expect(plan.refused).toBeNull();
    expect(plan.guards.overridden.map((r) => r.guard)).toEqual(["massRemoval"]);
    expect(renderPlanText(plan)).toMatch(/WARNING: --allow-mass-removal is set: this plan removes 6 of 20 guests \(30%\)/);
    expect(renderPlanMarkdown(plan)).toMatch(/> \[!WARNING\]\n> \*\*--allow-mass-removal is set/);
    expect(JSON.parse(renderPlanJson(plan)).guards.overridden[0].message).toContain("removes 6 of 20");
    expect(renderPlanGithub(plan)).toMatch(/^::warning title=guestops plan%3A --allow-mass-removal::/m);
  });
});

describe("emptied guests/", () => {
  const { ["guests/fabrikam.yaml"]: _f, ["guests/northwind.yaml"]: _n, ...stackOnly } = repoFiles();
  const rows = [
    { desc: "no guest files at all", head: stackOnly },
    { desc: "guest files with empty lists", head: repoFiles({ fabrikam: [], northwind: [] }) },
    { desc: "guest files that the stack's globs no longer select", head: repoFiles({ stack: { ...stackDoc(), guestFiles: ["partners/**/*.yaml"] } }) },
  ];
  it.each(rows)("$desc: refused, even with --allow-mass-removal", async ({ head }) => {
    for (const allowMassRemoval of [false, true]) {
      const plan = await planFor(repoFiles(), head, { allowMassRemoval });
      expect(guards(plan)).toContain("emptyHead");
      expect(plan.refused).toContain('never means "remove everyone"');
    }
  });

  it("is no refusal when the base had no guests either", async () => {
    const plan = await planFor(stackOnly, stackOnly);
    expect(plan.refused).toBeNull();
  });

  it("a base without a stack file is empty: everything is created, nothing refused", async () => {
    const plan = await planFor({}, repoFiles());
    expect(plan.base.empty).toBe(true);
    expect(plan.summary.delete + plan.summary.replace + plan.summary.update).toBe(0);
    expect(plan.changes[0]).toMatchObject({ op: "create", type: "pulumi:providers:azuread" });
    expect(plan.guestSummary.invite + plan.guestSummary.adopt).toBe(8);
  });
});

describe("account deletion", () => {
  it.each([
    { onRemoval: "retain", deleted: 0 },
    // Invitations are retained and GuestLifecycle updates in place: a new tenant deletes nobody.
    { onRemoval: "delete", deleted: 0 },
  ])("a new tenantId replaces the provider and everything it manages: one refusal with the fix (onRemoval: $onRemoval)", async ({ onRemoval, deleted }) => {
    const stack = { ...stackDoc(), policy: { ...stackDoc().policy, onRemoval }, lifecycle: { blockSignInOnExpiry: true } };
    const plan = await planFor(repoFiles({ stack }), repoFiles({ stack: { ...stack, tenantId: "99999999-9999-4999-8999-999999999999" } }));
    // Every grant is replaced, so the removal share trips too; no per-invitation refusal repeats it.
    expect(guards(plan)).toEqual(["massRemoval", "tenantChange"]);
    expect(plan.refused).toContain(`tenantId changes from ${TENANT} to 99999999-9999-4999-8999-999999999999`);
    expect(plan.refused).toContain("declare the other tenant as a new stack");
    expect(plan.guests.filter((g) => g.account === "deleted")).toHaveLength(deleted);
  });

  it("a new tenantId is refused even when every guest is adopted (no invitation would be replaced)", async () => {
    const adopted = (guests: GuestSpec[]) => guests.map((g, i) => ({ ...g, objectId: `abcdef0${i}-0000-4000-8000-000000000000` }));
    const files = (tenantId: string) => repoFiles({ stack: { ...stackDoc(), tenantId }, fabrikam: adopted(fabrikamGuests()), northwind: [] });
    const plan = await planFor(files(TENANT), files("99999999-9999-4999-8999-999999999999"));
    expect(plan.changes.some((c) => c.type === "azuread:index/invitation:Invitation")).toBe(false);
    expect(guards(plan)).toEqual(["massRemoval", "tenantChange"]);
    const lifted = await planFor(files(TENANT), files("99999999-9999-4999-8999-999999999999"), { allowMassRemoval: true });
    expect(guards(lifted)).toEqual(["tenantChange"]);
  });

  const adoptBen = (onRemoval: "retain" | "delete") => {
    const stack: Record<string, any> = { ...stackDoc(), lifecycle: { blockSignInOnExpiry: true } };
    stack.policy.onRemoval = onRemoval;
    const fabrikam = fabrikamGuests().map((g) => (g.email.startsWith("ben.") ? { ...g, objectId: "12121212-1212-4212-8212-121212121212" } : g));
    return planFor(repoFiles({ stack }), repoFiles({ stack, fabrikam }));
  };

  it("adding objectId to a guest the base invited under onRemoval: delete is refused, and would delete nobody: the invitation is retained", async () => {
    const plan = await adoptBen("delete");
    expect(guards(plan)).toEqual(["adoptionOfInvited"]);
    expect(plan.changes.filter((c) => c.guest === "ben.carter@fabrikam.com" && c.op === "delete")).toEqual([expect.objectContaining({ name: "ben.carter@fabrikam.com", retained: true })]);
    expect(plan.changes).toContainEqual(expect.objectContaining({ op: "update", name: "lifecycle/ben.carter@fabrikam.com", reason: "now manages account 12121212-1212-4212-8212-121212121212" }));
  });

  it("adding objectId to a guest the base invited is refused under onRemoval: retain too: the id cannot be checked offline", async () => {
    const plan = await adoptBen("retain");
    expect(guards(plan)).toEqual(["adoptionOfInvited"]);
    expect(plan.refused).toContain("ben.carter@fabrikam.com was invited by this stack");
    expect(plan.refused).toContain("Remove objectId from guests/fabrikam.yaml");
    // Its swapped membership is still shown, and counts toward the removal share.
    expect(plan.guards.flagged).toEqual([expect.stringMatching(/^GroupMember erp-project\/ben.carter@fabrikam.com is replaced \(memberObjectId changes from invitation/)]);
    expect(plan.guards.removal.grants.deleted).toBe(1);
  });

  it("renewing a guest past its grace period by objectId is adoption, not a refusal", async () => {
    const gone = fabrikamGuests().map((g) => (g.email.startsWith("ben.") ? { ...g, expires: "2026-06-30" } : g));
    const renewed = fabrikamGuests().map((g) => (g.email.startsWith("ben.") ? { ...g, objectId: "12121212-1212-4212-8212-121212121212" } : g));
    const plan = await planFor(repoFiles({ fabrikam: gone }), repoFiles({ fabrikam: renewed }));
    expect(plan.refused).toBeNull();
    expect(plan.guests.find((g) => g.key === "ben.carter@fabrikam.com")).toMatchObject({ action: "adopt", objectId: "12121212-1212-4212-8212-121212121212" });
    expect(plan.approvals).toContainEqual({ for: "adopt:ben.carter@fabrikam.com", anyOf: expect.any(Array), guests: ["ben.carter@fabrikam.com"] });
  });

  it("renaming a catalog key would delete and re-create the same memberships, which Graph refuses: refused", async () => {
    const stack = stackDoc();
    stack.groups["portal-users"] = stack.groups["supplier-portal"];
    delete stack.groups["supplier-portal"];
    const rename = (g: GuestSpec) => ({ ...g, groups: g.groups?.map((k) => (k === "supplier-portal" ? "portal-users" : k)) });
    const plan = await planFor(repoFiles(), repoFiles({ stack, fabrikam: fabrikamGuests().map(rename), northwind: northwindGuests().map(rename) }));
    const renamed = plan.guards.refusals.filter((r) => r.guard === "renamedGrant");
    expect(renamed.length).toBeGreaterThan(0);
    expect(renamed.length).toBe(plan.changes.filter((c) => c.op === "create").length);
    expect(renamed[0]!.message).toMatch(/^GroupMember "supplier-portal\/.*" would be deleted and the same access created again as "portal-users\/.*"/);
    expect(renamed[0]!.message).toContain("keep the old key");
  });

  it("a catalog group's new objectId replaces its memberships: allowed, flagged", async () => {
    const stack = stackDoc();
    stack.groups["supplier-portal"].objectId = "abababab-abab-4bab-8bab-abababababab";
    const plan = await planFor(repoFiles(), repoFiles({ stack }));
    expect(plan.refused).toBeNull();
    expect(plan.summary.replace).toBe(2);
    expect(plan.guards.flagged).toHaveLength(2);
    expect(renderPlanMarkdown(plan)).toContain("> [!NOTE]");
  });

  it.each([
    { desc: "a removed entry", edit: (g: GuestSpec[]) => g.filter((x) => !x.email.startsWith("hugo.")), words: "(its entry was removed)" },
  ])("under onRemoval: delete, $desc would delete an account without its grace period: refused", async ({ edit, words }) => {
    const stack: Record<string, any> = { ...stackDoc(), lifecycle: { blockSignInOnExpiry: true } };
    stack.policy.onRemoval = "delete";
    // Hugo expired a fortnight ago: sign-in blocked, account kept for the rest of the grace period.
    const expired = northwindGuests().map((g) => (g.email.startsWith("hugo.") ? { ...g, expires: "2026-11-15" } : g));
    const plan = await planFor(repoFiles({ stack, northwind: expired }), repoFiles({ stack, northwind: edit(expired) }));
    expect(guards(plan)).toEqual(["accountDeletion"]);
    expect(plan.refused).toContain('GuestLifecycle "lifecycle/hugo.weber@northwind.example" would be destroyed, DELETING the account, without the 30-day grace period');
    expect(plan.refused).toContain(words);
    expect(plan.refused).toContain("keep the entry and set expires");
  });

  it("under onRemoval: delete, an active guest's mistyped expiry already past the grace period deletes nobody: sign-in was never blocked", async () => {
    const stack: Record<string, any> = { ...stackDoc(), lifecycle: { blockSignInOnExpiry: true } };
    stack.policy.onRemoval = "delete";
    const plan = await planFor(repoFiles({ stack }), repoFiles({ stack, northwind: northwindGuests().map((x) => (x.email.startsWith("hugo.") ? { ...x, expires: "2025-10-15" } : x)) }));
    expect(plan.guests.find((g) => g.key.startsWith("hugo."))).toMatchObject({ account: "kept" });
    expect(plan.guards.refusals.filter((r) => r.guard === "accountDeletion")).toEqual([]);
  });

  it("under onRemoval: delete, removing an active guest's entry removes access and keeps the account: not refused", async () => {
    const stack: Record<string, any> = { ...stackDoc(), lifecycle: { blockSignInOnExpiry: true } };
    stack.policy.onRemoval = "delete";
    const active = northwindGuests().map((g) => (g.email.startsWith("hugo.") ? { ...g, expires: "2027-01-31" } : g));
    const plan = await planFor(repoFiles({ stack, northwind: active }), repoFiles({ stack, northwind: active.filter((g) => !g.email.startsWith("hugo.")) }));
    expect(plan.guards.refusals.filter((r) => r.guard === "accountDeletion")).toEqual([]);
    expect(plan.guests.find((g) => g.key.startsWith("hugo."))).toMatchObject({ action: "remove", account: "kept" });
    expect(plan.changes).toContainEqual(expect.objectContaining({ op: "delete", name: "lifecycle/hugo.weber@northwind.example", retained: true, reason: "lifecycle dropped; the account is kept as it is" }));
  });

  it("deleting an account after the grace period, as the policy says, is the lifecycle: not refused", async () => {
    const stack: Record<string, any> = { ...stackDoc(), lifecycle: { blockSignInOnExpiry: true } };
    stack.policy.onRemoval = "delete";
    const files = repoFiles({ stack, northwind: northwindGuests().map((g) => (g.email.startsWith("hugo.") ? { ...g, expires: "2026-10-15" } : g)) });
    // Base judged when Hugo was still in his grace period; head after it.
    const plan = await planFor(files, files, { baseAsOf: "2026-11-01", asOf: AS_OF });
    expect(plan.refused).toBeNull();
    expect(plan.guests.find((g) => g.key.startsWith("hugo."))).toMatchObject({ action: "remove", account: "deleted" });
    // The one path that deletes an account: GuestLifecycle's delete; the invitation is retained.
    expect(plan.changes).toEqual([
      expect.objectContaining({ op: "delete", name: "hugo.weber@northwind.example", retained: true }),
      expect.objectContaining({ op: "delete", name: "lifecycle/hugo.weber@northwind.example", retained: false, reason: expect.stringContaining("account deleted (restorable for 30 days)") }),
    ]);
  });
});

describe("renewing a guest after its grace period", () => {
  it("notes that the kept account should be adopted rather than invited again", async () => {
    const withHugo = (expires: string) => repoFiles({ northwind: northwindGuests().map((g) => (g.email.startsWith("hugo.") ? { ...g, expires } : g)) });
    const plan = await planFor(withHugo("2026-09-30"), withHugo("2027-03-31"));
    const hugo = plan.guests.find((g) => g.key.startsWith("hugo."))!;
    expect(hugo.action).toBe("invite");
    expect(hugo.notes).toContain("renewed after its grace period: if the account was kept (policy.onRemoval: retain), adopt it with objectId instead of inviting it again, which resets its redemption");
  });
});

describe("moving a stack deployed with onRemoval: delete before GuestLifecycle", () => {
  const legacy = (): Record<string, any> => ({ ...stackDoc(), policy: { ...stackDoc().policy, onRemoval: "delete" } });
  const migrated = (): Record<string, any> => ({ ...legacy(), lifecycle: { blockSignInOnExpiry: true } });

  it("shows the migration: invitations retained from this deploy on, a GuestLifecycle created per guest, nobody deleted", async () => {
    const plan = await planFor(repoFiles({ stack: legacy() }), repoFiles({ stack: migrated() }));
    expect(plan.notices).toContainEqual(expect.stringMatching(/^migration to GuestLifecycle: the last deploy stored \d+ invitations with retainOnDelete off/));
    expect(plan.changes.length).toBeGreaterThan(0);
    expect(plan.changes.every((c) => c.op === "create" && c.type === "pulumi-nodejs:dynamic/guestops:GuestLifecycle")).toBe(true);
    expect(plan.guests.filter((g) => g.account === "deleted")).toEqual([]);
    expect(plan.refused).toBeNull();
  });

  it("an invitation destroyed in the migration itself still deletes its account, so the guards judge it", async () => {
    const plan = await planFor(repoFiles({ stack: legacy() }), repoFiles({ stack: migrated(), northwind: northwindGuests().filter((g) => !g.email.startsWith("hugo.")) }));
    expect(plan.changes).toContainEqual(expect.objectContaining({ op: "delete", name: "hugo.weber@northwind.example", retained: false }));
    expect(guards(plan)).toContain("accountDeletion");
    expect(plan.refused).toContain('Invitation "hugo.weber@northwind.example" would be destroyed');
  });

  it("a head that deletes without stating lifecycle.blockSignInOnExpiry: true is a validation error", async () => {
    const { validation } = await loadFiles(repoFiles({ stack: legacy() }));
    expect(validation.errors.map((e) => e.message)).toContainEqual(expect.stringContaining("policy.onRemoval: delete needs lifecycle.blockSignInOnExpiry: true"));
  });
});
