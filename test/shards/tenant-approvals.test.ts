// A sharded tenant's approvals: every shown shard's in one list, one entry per target, as the gate checks them.
import { describe, expect, it } from "vitest";
import { mergeApprovals } from "../../src/plan/plan-shards";
import { fabrikamGuests } from "../plan/plan-fixtures";
import { tenantFiles, tenantPlan } from "./shard-fixtures";

const [ana, ben, ...rest] = fabrikamGuests();
const kofi = { email: "kofi.mensah@fabrikam.com", displayName: "Kofi Mensah", expires: "2027-05-31", groups: ["erp-project"] };
const lena = { email: "lena.fischer@fabrikam.com", displayName: "Lena Fischer", expires: "2027-05-31", groups: ["erp-project", "finance"] };

describe("a tenant plan's approvals", () => {
  const base = tenantFiles({ eu: [ana!, ben!], us: rest });
  const head = tenantFiles({ eu: [ana!, ben!, kofi], us: [...rest, lena] });

  it("are the shards' approvals merged by target, with every shard's guests", async () => {
    const plan = await tenantPlan(base, head);
    expect(plan.approvals).toEqual([
      { for: "group:erp-project", anyOf: ["priya.natarajan@contoso.com"], guests: ["kofi.mensah@fabrikam.com", "lena.fischer@fabrikam.com"] },
      { for: "group:finance", anyOf: ["olivia.chen@contoso.com"], guests: ["lena.fischer@fabrikam.com"] },
      { for: "sponsor:priya.natarajan@contoso.com", anyOf: ["priya.natarajan@contoso.com"], fallback: ["mei.lin@contoso.com"], guests: ["kofi.mensah@fabrikam.com", "lena.fischer@fabrikam.com"] },
    ]);
  });

  it("are only the shown shard's when narrowed", async () => {
    const plan = await tenantPlan(base, head, { only: "eu" });
    expect(plan.approvals).toEqual([{ for: "group:erp-project", anyOf: ["priya.natarajan@contoso.com"], guests: ["kofi.mensah@fabrikam.com"] }, { for: "sponsor:priya.natarajan@contoso.com", anyOf: ["priya.natarajan@contoso.com"], fallback: ["mei.lin@contoso.com"], guests: ["kofi.mensah@fabrikam.com"] }]);
  });
});

describe("mergeApprovals", () => {
  it.each([
    { desc: "nothing", lists: [], want: [] },
    {
      desc: "policy once, however many shards need it",
      lists: [[{ for: "policy", anyOf: ["mei.lin@contoso.com"] }], [{ for: "policy", anyOf: ["mei.lin@contoso.com"] }]],
      want: [{ for: "policy", anyOf: ["mei.lin@contoso.com"] }],
    },
    {
      // Never looser than any shard: only an address every shard accepts satisfies the merged entry.
      desc: "owners that differ: only those every shard names",
      lists: [[{ for: "group:a", anyOf: ["x@contoso.com", "y@contoso.com"], guests: ["g2@fabrikam.com"] }], [{ for: "group:a", anyOf: ["Y@contoso.com"], guests: ["g1@fabrikam.com"] }]],
      want: [{ for: "group:a", anyOf: ["y@contoso.com"], guests: ["g1@fabrikam.com", "g2@fabrikam.com"] }],
    },
    {
      desc: "sorted by target",
      lists: [[{ for: "policy", anyOf: [] }], [{ for: "adopt:g@fabrikam.com", anyOf: ["mei.lin@contoso.com"], guests: ["g@fabrikam.com"] }]],
      want: [{ for: "adopt:g@fabrikam.com", anyOf: ["mei.lin@contoso.com"], guests: ["g@fabrikam.com"] }, { for: "policy", anyOf: [] }],
    },
  ])("$desc", ({ lists, want }) => expect(mergeApprovals(lists)).toEqual(want));
});
