// Allow-lists where empty (or absent) means "no limit", or a derived list: removing the last entry, or the
// key, loosens; adding the first entry tightens. Every such list in the schemas is in the table below.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DERIVED_WHEN_ABSENT, OPEN_WHEN_EMPTY } from "../../src/plan/diff-policy";
import { planFor, repoFiles, stackDoc } from "./plan-fixtures";

type Stack = ReturnType<typeof stackDoc>;
const policy = (set: Record<string, unknown>) => {
  const s: Stack = stackDoc();
  for (const [k, v] of Object.entries(set)) if (v === undefined) delete s.policy[k];
  Object.assign(s.policy, Object.fromEntries(Object.entries(set).filter(([, v]) => v !== undefined)));
  return repoFiles({ stack: s });
};
const PARTNERS = ["fabrikam.com", "northwind.example"];
const HOSTS = ["myapps.microsoft.com", "portal.contoso.com"];

interface Row {
  list: string;
  desc: string;
  base: unknown;
  head: unknown;
  /** Each change's loosens, in the plan's order. */
  loosens: boolean[];
}

const rows: Row[] = [
  { list: "policy.allowedDomains", desc: "the last entries removed", base: PARTNERS, head: [], loosens: [true, true] },
  { list: "policy.allowedDomains", desc: "the key removed", base: PARTNERS, head: undefined, loosens: [true] },
  { list: "policy.allowedDomains", desc: "one of two removed", base: PARTNERS, head: ["fabrikam.com"], loosens: [false] },
  { list: "policy.allowedDomains", desc: "the first entries added to an empty list", base: [], head: PARTNERS, loosens: [false, false] },
  { list: "policy.allowedDomains", desc: "the first entries added where the key was absent", base: undefined, head: PARTNERS, loosens: [false] },
  { list: "policy.allowedDomains", desc: "another entry added", base: ["fabrikam.com"], head: PARTNERS, loosens: [true] },
  { list: "policy.allowedDomains", desc: "one entry swapped for another", base: ["fabrikam.com"], head: ["northwind.example"], loosens: [false, true] },
  // Absent, the hosts are the default redirectUrl's (myapps.microsoft.com) and My Apps: that one host.
  { list: "policy.allowedRedirectHosts", desc: "the key removed, which allows fewer hosts", base: HOSTS, head: undefined, loosens: [false] },
  { list: "policy.allowedRedirectHosts", desc: "the key removed, which allows another host", base: ["portal.contoso.com"], head: undefined, loosens: [true] },
  { list: "policy.allowedRedirectHosts", desc: "the key added, to the derived host alone", base: undefined, head: ["myapps.microsoft.com"], loosens: [false] },
  { list: "policy.allowedRedirectHosts", desc: "the key added with a new host", base: undefined, head: HOSTS, loosens: [true] },
  { list: "policy.allowedRedirectHosts", desc: "a host removed", base: HOSTS, head: ["portal.contoso.com"], loosens: [false] },
  { list: "policy.allowedRedirectHosts", desc: "a host added", base: ["portal.contoso.com"], head: HOSTS, loosens: [true] },
  { list: "policy.blockedDomains", desc: "the last entry removed", base: ["gmail.com"], head: [], loosens: [true] },
  { list: "policy.blockedDomains", desc: "the first entry added", base: [], head: ["gmail.com"], loosens: [false] },
];

describe("allow-lists where empty means no limit", () => {
  it.each(rows)("$list: $desc", async ({ list, base, head, loosens }) => {
    const key = list.split(".")[1]!;
    const plan = await planFor(policy({ [key]: base }), policy({ [key]: head }), { allowHeadErrors: true });
    const changes = plan.policyChanges.filter((c) => c.path === list);
    expect(changes.map((c) => c.loosens)).toEqual(loosens);
    expect(plan.policyChanges).toEqual(changes);
  });

  it("the table covers every list whose schema says that empty or absent means no limit, or something derived", () => {
    const described: string[] = [];
    const walk = (node: unknown, path: string[]) => {
      if (typeof node !== "object" || node === null) return;
      const n = node as Record<string, unknown>;
      if (n.type === "array" && typeof n.description === "string" && /if not empty|when absent|when empty|empty means|absent means/i.test(n.description)) described.push(path.join("."));
      for (const [k, v] of Object.entries(n)) if (typeof v === "object" && v !== null) walk(v, k === "properties" ? path : [...path, k].filter((p) => p !== "properties"));
    };
    const dir = join(__dirname, "../../schemas");
    for (const f of readdirSync(dir)) walk(JSON.parse(readFileSync(join(dir, f), "utf8")), []);
    // Walked paths keep the schema's own property names; the ones the plan compares are the same.
    const known = [...OPEN_WHEN_EMPTY, ...DERIVED_WHEN_ABSENT];
    expect(described.sort()).toEqual(known.sort());
    for (const list of known) expect(rows.some((r) => r.list === list)).toBe(true);
  });
});
