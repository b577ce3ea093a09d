// Moving a guest between shards: a state move between the two Pulumi stacks, never a removal from one and
// an invitation in the other.
import { describe, expect, it } from "vitest";
import { APP_ROLE_ASSIGNMENT, GROUP_MEMBER, GUEST_LIFECYCLE, INVITATION } from "../../src/model/resources-for";
import { renderPlanJson } from "../../src/plan/render-plan-machine";
import { COMMENT_LIMIT } from "../../src/plan/render-plan-markdown";
import { renderShardsJson, renderShardsMarkdown, renderShardsText } from "../../src/plan/render-shards";
import { fabrikamGuests } from "../plan/plan-fixtures";
import { people, tenantFiles, tenantPlan } from "./shard-fixtures";

const [ana, ben, ...rest] = fabrikamGuests();
const plansOf = (p: Awaited<ReturnType<typeof tenantPlan>>) => Object.fromEntries(p.plans.map((x) => [x.stack, x]));

describe("a guest moved from shard eu to shard us", () => {
  const base = tenantFiles({ eu: [ana!, ben!], us: rest });
  const head = tenantFiles({ eu: [ben!], us: [ana!, ...rest] });

  it("is one move, with the guest's resources handed from eu's state to us's", async () => {
    const plan = await tenantPlan(base, head);
    expect(plan.moves).toEqual([
      {
        guest: "ana.silva@fabrikam.com",
        email: "ana.silva@fabrikam.com",
        from: "eu",
        to: "us",
        resources: [
          { type: INVITATION, name: "ana.silva@fabrikam.com", urn: `urn:pulumi:eu::guestops::${INVITATION}::ana.silva@fabrikam.com` },
          // Sponsors and sign-in are the GuestLifecycle's: it moves with the invitation, so nothing is re-recorded.
          { type: GUEST_LIFECYCLE, name: "lifecycle/ana.silva@fabrikam.com", urn: `urn:pulumi:eu::guestops::${GUEST_LIFECYCLE}::lifecycle/ana.silva@fabrikam.com` },
          { type: GROUP_MEMBER, name: "erp-project/ana.silva@fabrikam.com", urn: `urn:pulumi:eu::guestops::${GROUP_MEMBER}::erp-project/ana.silva@fabrikam.com` },
          { type: APP_ROLE_ASSIGNMENT, name: "expenses/Submitter/ana.silva@fabrikam.com", urn: `urn:pulumi:eu::guestops::${APP_ROLE_ASSIGNMENT}::expenses/Submitter/ana.silva@fabrikam.com` },
        ],
      },
    ]);
    expect(plan.refused).toBeNull();
  });

  it("deletes nothing in eu and creates nothing in us: no invitation again, no account deleted", async () => {
    const { eu, us } = plansOf(await tenantPlan(base, head));
    expect(eu!.changes).toEqual([]);
    expect(us!.changes).toEqual([]);
    expect(eu!.guests.map((g) => g.key)).not.toContain("ana.silva@fabrikam.com");
    expect(us!.guests.find((g) => g.key === "ana.silva@fabrikam.com")).toMatchObject({ action: "move", movedFrom: "eu", account: "kept", granted: [], revoked: [] });
    expect(eu!.guestSummary.remove + us!.guestSummary.invite).toBe(0);
    expect(us!.guestSummary.move).toBe(1);
    expect(JSON.parse(renderPlanJson(us!)).guests[0].notes[0]).toContain("no one is invited again and no account is deleted");
  });

  it("shows access changed in the same change as the move's own resource changes, in the new shard", async () => {
    const changed = tenantFiles({ eu: [ben!], us: [{ ...ana!, groups: ["erp-project", "finance"] }, ...rest] });
    const { eu, us } = plansOf(await tenantPlan(base, changed));
    expect(eu!.changes).toEqual([]);
    expect(us!.changes.map((c) => `${c.op} ${c.name}`)).toEqual(["create finance/ana.silva@fabrikam.com"]);
    expect(us!.guests.find((g) => g.key === "ana.silva@fabrikam.com")).toMatchObject({ action: "move", granted: [{ key: "finance" }] });
  });

  it("into a shard that is new in this change, the same", async () => {
    const added = { ...tenantFiles({ eu: [ben!], apac: [ana!] }), ...tenantFiles({ us: rest }) };
    const { apac } = plansOf(await tenantPlan(base, added));
    expect(apac!.changes.filter((c) => c.type !== "pulumi:providers:azuread")).toEqual([]);
    expect(apac!.guests.map((g) => `${g.key} ${g.action}`)).toEqual(["ana.silva@fabrikam.com move"]);
  });

  it("rebalancing half of a shard is no mass removal", async () => {
    const before = tenantFiles({ eu: people(20), us: people(20, 20) });
    const after = tenantFiles({ eu: people(10), us: [...people(10, 10), ...people(20, 20)] });
    const plan = await tenantPlan(before, after);
    expect(plan.moves).toHaveLength(10);
    expect(plan.refused).toBeNull();
    expect(plan.removal.guests.removed).toBe(0);
  });

  it("a shard deleted with guests still in it is refused; one emptied by moves is not", async () => {
    const { ["stacks/us.yaml"]: _s, ["guests/us/fabrikam.yaml"]: _g, ...withoutUs } = head;
    expect((await tenantPlan(base, withoutUs)).refusals.map((r) => r.guard)).toContain("emptyHead");
    const allMoved = tenantFiles({ eu: [ana!, ben!, ...rest] });
    const plan = await tenantPlan(base, allMoved);
    expect(plan.refused).toBeNull();
    expect(plan.moves.map((m) => `${m.guest} ${m.from}->${m.to}`)).toEqual(rest.map((g) => `${g.email.toLowerCase()} us->eu`).sort());
  });
});

describe("policy changes of a sharded tenant", () => {
  it("are placed in the tenant file, and a shard's guestFiles in the shard's own file", async () => {
    const base = tenantFiles({ eu: [ana!, ben!], us: rest });
    const head: Record<string, string> = { ...tenantFiles({ eu: [ana!, ben!], us: rest }), "stacks/us.yaml": 'tenant: contoso\nguestFiles: ["guests/us/**/*.yaml", "guests/us-extra/**/*.yaml"]\n' };
    head["tenants/contoso.yaml"] = head["tenants/contoso.yaml"]!.replace("maxExpiryDays: 365", "maxExpiryDays: 400");
    const { us } = plansOf(await tenantPlan(base, head));
    expect(us!.policyChanges.map((c) => `${c.file} ${c.path}`)).toEqual(["stacks/us.yaml guestFiles", "tenants/contoso.yaml policy.maxExpiryDays"]);
  });
});

describe("the Markdown of a sharded tenant", () => {
  it("fits one PR comment however many shards and moves it has", async () => {
    const guests = (s: number) => people(300, s * 300);
    const base = tenantFiles(Object.fromEntries(Array.from({ length: 6 }, (_, s) => [`s${s}`, guests(s)])));
    // Every guest moves one shard on, and gets a second group: a change in every shard.
    const head = tenantFiles(Object.fromEntries(Array.from({ length: 6 }, (_, s) => [`s${s}`, guests((s + 5) % 6).map((g) => ({ ...g, groups: ["erp-project", "finance"] }))])));
    const plan = await tenantPlan(base, head, { allowMassRemoval: true });
    expect(plan.moves).toHaveLength(1800);
    const md = renderShardsMarkdown(plan);
    expect(md.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(md).toContain("…and 1750 more moves; `guestops plan --format json` lists every one.");
    for (const s of plan.plans) expect(md).toContain(`guestops plan for \`${s.stack}\``);
  });
});

describe("golden plans of a move between shards", () => {
  it.each([
    ["txt", (p: Awaited<ReturnType<typeof tenantPlan>>) => renderShardsText(p)],
    ["md", (p: Awaited<ReturnType<typeof tenantPlan>>) => renderShardsMarkdown(p)],
    ["json", (p: Awaited<ReturnType<typeof tenantPlan>>) => renderShardsJson(p)],
  ] as const)("%s", async (ext, render) => {
    const base = tenantFiles({ eu: [ana!, ben!], us: rest });
    const head = tenantFiles({ eu: [ben!], us: [{ ...ana!, groups: ["erp-project", "finance"] }, ...rest] });
    await expect(render(await tenantPlan(base, head))).toMatchFileSnapshot(`../golden/shards/move.${ext}`);
  });
});
