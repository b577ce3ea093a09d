// Policy changes: every edit to what the stack allows reaches the reviewer, marked when it loosens, with
// the base's stack owners as approvers; and the approvals the plan asks for cannot be named by the change.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { diffPolicy, type PolicyView } from "../../src/plan/diff-policy";
import { renderPlanGithub } from "../../src/plan/render-plan-machine";
import { renderPlanMarkdown } from "../../src/plan/render-plan-markdown";
import { renderPlanText } from "../../src/plan/render-plan-text";
import { fabrikamGuests, northwindGuests, planFor, repoFiles, stackDoc, type GuestSpec } from "./plan-fixtures";

type Stack = ReturnType<typeof stackDoc>;
const edited = (edit: (s: Stack) => void): Stack => {
  const s = stackDoc();
  edit(s);
  return s;
};

interface Case {
  desc: string;
  /** The base's files, when not repoFiles(). */
  base?: Record<string, string>;
  head: Record<string, string>;
  expected: { file: string; path: string; before?: unknown; after?: unknown; beforeDefault?: true; afterDefault?: true; loosens: boolean }[];
}

const S = "stacks/prod.yaml";
const SCHEMA = JSON.parse(readFileSync(join(__dirname, "../../schemas/stack.schema.json"), "utf8")) as { properties: { policy: { properties: Record<string, { default?: unknown }> } } };
/** Pulumi.yaml as the repository ships it. */
const PROJECT = { name: "guestops", description: "B2B guests", runtime: { name: "nodejs", options: { typescript: false } }, main: "src/pulumi/main.js" };
/** A group closed to guests, owned by Olivia. */
const BOARD = { objectId: "99999999-9999-4999-8999-999999999999", displayName: "Board Papers", owners: ["olivia.chen@contoso.com"], allowGuests: false };
const BLOCKED_BY_DEFAULT = SCHEMA.properties.policy.properties.blockedDomains!.default as string[];
const cases: Case[] = [
  { desc: "nothing changes", head: repoFiles(), expected: [] },
  { desc: "the sponsor's approval turned off", head: repoFiles({ stack: edited((s) => ((s as Record<string, unknown>).approvals = { sponsor: "notRequired" })) }), expected: [{ file: S, path: "approvals.sponsor", after: "notRequired", loosens: true }] },
  { desc: "the sponsor's approval stated as required (the default)", head: repoFiles({ stack: edited((s) => ((s as Record<string, unknown>).approvals = { sponsor: "required" })) }), expected: [{ file: S, path: "approvals.sponsor", after: "required", loosens: false }] },
  {
    desc: "blockedDomains emptied where the file left it to the default",
    head: repoFiles({ stack: edited((s) => (s.policy.blockedDomains = [])) }),
    // One change of the whole setting: the default list before, every consumer domain unblocked.
    expected: [{ file: S, path: "policy.blockedDomains", before: BLOCKED_BY_DEFAULT, beforeDefault: true, after: [], loosens: true }],
  },
  {
    desc: "maxExpiryDays removed, so its larger default applies",
    base: repoFiles({ stack: edited((s) => (s.policy.maxExpiryDays = 180)) }),
    head: repoFiles({ stack: edited((s) => delete s.policy.maxExpiryDays) }),
    expected: [{ file: S, path: "policy.maxExpiryDays", before: 180, after: 365, afterDefault: true, loosens: true }],
  },
  {
    desc: "maxExpiryDays removed where it equals the default: shown, and it loosens nothing",
    head: repoFiles({ stack: edited((s) => delete s.policy.maxExpiryDays) }),
    expected: [{ file: S, path: "policy.maxExpiryDays", before: 365, after: 365, afterDefault: true, loosens: false }],
  },
  {
    desc: "the grace period removed, so its longer default applies",
    base: repoFiles({ stack: edited((s) => (s.policy.expiredGraceDays = 90)) }),
    head: repoFiles({ stack: edited((s) => delete s.policy.expiredGraceDays) }),
    expected: [{ file: S, path: "policy.expiredGraceDays", before: 90, after: 30, afterDefault: true, loosens: true }],
  },
  {
    desc: "the default cloud written down",
    head: repoFiles({ stack: edited((s) => (s.cloud = "public")) }),
    expected: [{ file: S, path: "cloud", before: "public", beforeDefault: true, after: "public", loosens: false }],
  },
  {
    desc: "a short blockedDomains removed: the default list blocks more",
    base: repoFiles({ stack: edited((s) => (s.policy.blockedDomains = ["gmail.com"])) }),
    head: repoFiles(),
    expected: [{ file: S, path: "policy.blockedDomains", before: ["gmail.com"], after: BLOCKED_BY_DEFAULT, afterDefault: true, loosens: false }],
  },
  {
    desc: "a consumer domain unblocked by writing the default list less one",
    head: repoFiles({ stack: edited((s) => (s.policy.blockedDomains = BLOCKED_BY_DEFAULT.filter((d) => d !== "gmail.com"))) }),
    expected: [{ file: S, path: "policy.blockedDomains", before: BLOCKED_BY_DEFAULT, beforeDefault: true, after: BLOCKED_BY_DEFAULT.filter((d) => d !== "gmail.com"), loosens: true }],
  },
  {
    desc: "allowedDomains emptied: every domain may be invited",
    base: repoFiles({ stack: edited((s) => (s.policy.allowedDomains = ["fabrikam.com", "northwind.example"])) }),
    head: repoFiles({ stack: edited((s) => (s.policy.allowedDomains = [])) }),
    expected: [
      { file: S, path: "policy.allowedDomains", before: "fabrikam.com", loosens: true },
      { file: S, path: "policy.allowedDomains", before: "northwind.example", loosens: true },
    ],
  },
  {
    desc: "allowedDomains narrowed: tightens",
    base: repoFiles({ stack: edited((s) => (s.policy.allowedDomains = ["fabrikam.com", "northwind.example"])) }),
    head: repoFiles({ stack: edited((s) => (s.policy.allowedDomains = ["fabrikam.com"])) }),
    expected: [{ file: S, path: "policy.allowedDomains", before: "northwind.example", loosens: false }],
  },
  {
    desc: "allowedDomains removed, so its empty default lets every domain in",
    base: repoFiles({ stack: edited((s) => (s.policy.allowedDomains = ["fabrikam.com", "northwind.example"])) }),
    head: repoFiles(),
    expected: [{ file: S, path: "policy.allowedDomains", before: ["fabrikam.com", "northwind.example"], after: [], afterDefault: true, loosens: true }],
  },
  { desc: "maxExpiryDays raised to ten years", head: repoFiles({ stack: edited((s) => (s.policy.maxExpiryDays = 3650)) }), expected: [{ file: S, path: "policy.maxExpiryDays", before: 365, after: 3650, loosens: true }] },
  { desc: "maxExpiryDays lowered", head: repoFiles({ stack: edited((s) => (s.policy.maxExpiryDays = 180)) }), expected: [{ file: S, path: "policy.maxExpiryDays", before: 365, after: 180, loosens: false }] },
  { desc: "the grace period shrunk", head: repoFiles({ stack: edited((s) => (s.policy.expiredGraceDays = 0)) }), expected: [{ file: S, path: "policy.expiredGraceDays", before: 30, after: 0, loosens: true }] },
  { desc: "onRemoval: delete", head: repoFiles({ stack: edited((s) => (s.policy.onRemoval = "delete")) }), expected: [{ file: S, path: "policy.onRemoval", before: "retain", after: "delete", loosens: true }] },
  {
    desc: "a group closed to guests tightens",
    head: repoFiles({
      stack: edited((s) => {
        s.groups.finance.allowGuests = false;
      }),
    }),
    expected: [{ file: S, path: "groups.finance.allowGuests", before: true, after: false, loosens: false }],
  },
  {
    desc: "a catalog owner added and one removed",
    head: repoFiles({ stack: edited((s) => (s.groups["erp-project"].owners = ["friend@contoso.com"])) }),
    expected: [
      { file: S, path: "groups.erp-project.owners", before: "priya.natarajan@contoso.com", loosens: false },
      { file: S, path: "groups.erp-project.owners", after: "friend@contoso.com", loosens: true },
    ],
  },
  { desc: "a catalog group's objectId in another case is no change", head: repoFiles({ stack: edited((s) => (s.groups.finance.objectId = s.groups.finance.objectId.toUpperCase())) }), expected: [] },
  {
    desc: "a catalog displayName relabelled: a policy change, not a loosening",
    head: repoFiles({ stack: edited((s) => (s.groups.finance.displayName = "Finance")) }),
    expected: [{ file: S, path: "groups.finance.displayName", before: "Finance Readers", after: "Finance", loosens: false }],
  },
  {
    desc: "a group re-keyed with its objectId, opened to guests with new owners: one entry, judged against the base's",
    base: repoFiles({ stack: edited((s) => (s.groups.board = BOARD)) }),
    head: repoFiles({ stack: edited((s) => (s.groups.partners = { ...BOARD, owners: ["friend@contoso.com"], allowGuests: true })) }),
    expected: [
      { file: S, path: "groups.partners.key", before: "board", after: "partners", loosens: false },
      { file: S, path: "groups.partners.allowGuests", before: false, after: true, loosens: true },
      { file: S, path: "groups.partners.owners", before: "olivia.chen@contoso.com", loosens: false },
      { file: S, path: "groups.partners.owners", after: "friend@contoso.com", loosens: true },
    ],
  },
  {
    desc: "two groups' keys swapped: each id keeps its own base entry",
    head: repoFiles({ stack: edited((s) => ([s.groups.finance, s.groups["supplier-portal"]] = [s.groups["supplier-portal"], s.groups.finance])) }),
    expected: [
      { file: S, path: "groups.finance.key", before: "supplier-portal", after: "finance", loosens: false },
      { file: S, path: "groups.supplier-portal.key", before: "finance", after: "supplier-portal", loosens: false },
    ],
  },
  {
    desc: "an app re-keyed with its servicePrincipalId and a role renamed: the same app and role, with a longer limit",
    head: repoFiles({
      stack: edited((s) => {
        const { Submitter, ...roles } = s.apps.expenses.roles;
        s.apps.spend = { ...s.apps.expenses, maxExpiryDays: 3650, roles: { ...roles, Claimant: Submitter } };
        delete s.apps.expenses;
      }),
    }),
    expected: [
      { file: S, path: "apps.spend.key", before: "expenses", after: "spend", loosens: false },
      { file: S, path: "apps.spend.maxExpiryDays", after: 3650, loosens: true },
      { file: S, path: "apps.spend.roles.Claimant.name", before: "Submitter", after: "Claimant", loosens: false },
    ],
  },
  {
    desc: "a new app role",
    head: repoFiles({ stack: edited((s) => (s.apps.expenses.roles.Admin = "12345678-1234-4234-8234-123456789abc")) }),
    expected: [{ file: S, path: "apps.expenses.roles.Admin", after: "12345678-1234-4234-8234-123456789abc", loosens: true }],
  },
  {
    desc: "a new catalog group that guests may join",
    head: repoFiles({ stack: edited((s) => (s.groups.payroll = { objectId: "abababab-abab-4bab-8bab-abababababab", displayName: "Payroll", owners: ["olivia.chen@contoso.com"], allowGuests: true })) }),
    expected: [{ file: S, path: "groups.payroll", after: { objectId: "abababab-abab-4bab-8bab-abababababab", allowGuests: true, owners: ["olivia.chen@contoso.com"] }, loosens: true }],
  },
  { desc: "a stack owner added", head: repoFiles({ stack: edited((s) => s.owners.push("friend@contoso.com")) }), expected: [{ file: S, path: "owners", after: "friend@contoso.com", loosens: true }] },
  { desc: "the tenant", head: repoFiles({ stack: edited((s) => (s.tenantId = "99999999-9999-4999-8999-999999999999")) }), expected: [{ file: S, path: "tenantId", before: expect.any(String), after: "99999999-9999-4999-8999-999999999999", loosens: true }] },
  { desc: "the default redirect", head: repoFiles({ stack: edited((s) => (s.invitation.redirectUrl = "https://login.fabrikam.com")) }), expected: [{ file: S, path: "invitation.redirectUrl", before: "https://myapps.microsoft.com", after: "https://login.fabrikam.com", loosens: true }] },
  { desc: "the invitation language", head: repoFiles({ stack: edited((s) => (s.invitation.language = "de-DE")) }), expected: [{ file: S, path: "invitation.language", before: "en-US", after: "de-DE", loosens: false }] },
  {
    desc: "a partner domain added",
    head: { ...repoFiles(), "guests/fabrikam.yaml": repoFiles()["guests/fabrikam.yaml"]!.replace("domains:\n  - fabrikam.com", "domains:\n  - fabrikam.com\n  - fabrikam.example") },
    expected: [{ file: "guests/fabrikam.yaml", path: "domains", after: "fabrikam.example", loosens: true }],
  },
  {
    desc: "a partner file renamed: its domains move, nothing changes",
    head: (() => {
      const { ["guests/fabrikam.yaml"]: moved, ...rest } = repoFiles();
      return { ...rest, "guests/partners/fabrikam.yaml": moved! };
    })(),
    expected: [],
  },
  {
    desc: "guestops:asOf set in Pulumi.prod.yaml",
    head: { ...repoFiles(), "Pulumi.prod.yaml": stringify({ config: { "guestops:asOf": "2026-12-02" } }) },
    expected: [{ file: "Pulumi.prod.yaml", path: "config.guestops:asOf", after: "2026-12-02", loosens: true }],
  },
  {
    desc: "an ESC environment given to the stack: its values reach the deploy",
    head: { ...repoFiles(), "Pulumi.prod.yaml": stringify({ environment: ["contoso/prod"], config: {} }) },
    expected: [{ file: "Pulumi.prod.yaml", path: "environment", after: ["contoso/prod"], loosens: true }],
  },
  {
    desc: "the stack's secrets provider changed",
    base: { ...repoFiles(), "Pulumi.prod.yaml": stringify({ secretsprovider: "azurekeyvault://contoso-kv.vault.azure.net/keys/guestops", encryptedkey: "AAA" }) },
    head: { ...repoFiles(), "Pulumi.prod.yaml": stringify({ secretsprovider: "passphrase", encryptionsalt: "v1:abc" }) },
    expected: [
      { file: "Pulumi.prod.yaml", path: "encryptedkey", before: "AAA", loosens: true },
      { file: "Pulumi.prod.yaml", path: "encryptionsalt", after: "v1:abc", loosens: true },
      { file: "Pulumi.prod.yaml", path: "secretsprovider", before: "azurekeyvault://contoso-kv.vault.azure.net/keys/guestops", after: "passphrase", loosens: true },
    ],
  },
  {
    desc: "Pulumi.yaml: the program, its runtime options and project config changed; a new description only shown",
    base: { ...repoFiles(), "Pulumi.yaml": stringify(PROJECT) },
    head: {
      ...repoFiles(),
      "Pulumi.yaml": stringify({ ...PROJECT, description: "Guests", main: "node_modules/guestops/src/pulumi/main.js", runtime: { name: "nodejs", options: { typescript: false, nodeargs: "--require ./hook.js" } }, config: { "azuread:tenantId": "x" } }),
    },
    expected: [
      { file: "Pulumi.yaml", path: "description", before: "B2B guests", after: "Guests", loosens: false },
      { file: "Pulumi.yaml", path: "main", before: "src/pulumi/main.js", after: "node_modules/guestops/src/pulumi/main.js", loosens: true },
      { file: "Pulumi.yaml", path: "runtime", before: PROJECT.runtime, after: { name: "nodejs", options: { typescript: false, nodeargs: "--require ./hook.js" } }, loosens: true },
      { file: "Pulumi.yaml", path: "config.azuread:tenantId", after: "x", loosens: true },
    ],
  },
  {
    desc: "Pulumi.yaml: stackConfigDir written, even as the root",
    base: { ...repoFiles(), "Pulumi.yaml": stringify(PROJECT) },
    head: { ...repoFiles(), "Pulumi.yaml": stringify({ ...PROJECT, stackConfigDir: "." }) },
    expected: [{ file: "Pulumi.yaml", path: "stackConfigDir", after: ".", loosens: true }],
  },
  {
    desc: "another Pulumi setting removed",
    base: { ...repoFiles(), "Pulumi.prod.yaml": stringify({ config: { "pulumi:disable-default-providers": ["azuread"] } }) },
    head: repoFiles(),
    expected: [{ file: "Pulumi.prod.yaml", path: "config.pulumi:disable-default-providers", before: "azuread", loosens: true }],
  },
];

describe("policy changes", () => {
  it.each(cases)("$desc", async ({ base, head, expected }) => {
    const plan = await planFor(base ?? repoFiles(), head, { allowHeadErrors: true });
    expect(plan.policyChanges).toEqual(expected.map((e) => ({ ...e, approvers: ["mei.lin@contoso.com"] })));
    expect(plan.approvals.some((a) => a.for === "policy")).toBe(plan.policyChanges.length > 0);
  });

  it("a new stack in a repository with Pulumi.yaml shows no Pulumi.yaml change: the file is the repository's", async () => {
    const plan = await planFor({ "Pulumi.yaml": stringify(PROJECT) }, { ...repoFiles(), "Pulumi.yaml": stringify(PROJECT) });
    expect(plan.policyChanges.filter((c) => c.file === "Pulumi.yaml")).toEqual([]);
    expect(plan.policyChanges.length).toBeGreaterThan(0);
  });

  it("a new stack's plan shows what its file writes, never a default it leaves to the schema", async () => {
    const plan = await planFor({}, repoFiles());
    const paths = plan.policyChanges.map((c) => c.path);
    expect(paths).toEqual(expect.arrayContaining(["tenantId", "owners", "policy.maxExpiryDays", "invitation.language", "groups.finance", "domains"]));
    for (const unwritten of ["cloud", "guestFiles", "policy.blockedDomains", "policy.allowedDomains", "lifecycle.manageSponsors"]) expect(paths).not.toContain(unwritten);
  });

  it("says which side is the default, in every format", async () => {
    const plan = await planFor(repoFiles({ stack: edited((s) => (s.policy.maxExpiryDays = 180)) }), repoFiles({ stack: edited((s) => delete s.policy.maxExpiryDays) }));
    expect(renderPlanText(plan, false)).toContain("! LOOSENS stacks/prod.yaml policy.maxExpiryDays: 180 → (default: 365)");
    expect(renderPlanMarkdown(plan)).toContain("| `policy.maxExpiryDays` | `180` | `(default: 365)` |");
    expect(renderPlanGithub(plan)).toContain("policy.maxExpiryDays: 180 → (default: 365);");
  });

  it("names the base's stack owners, never owners the same change sets", async () => {
    const plan = await planFor(repoFiles(), repoFiles({ stack: edited((s) => (s.owners = ["friend@contoso.com"])) }));
    expect(plan.policyChanges.map((c) => c.approvers)).toEqual([["mei.lin@contoso.com"], ["mei.lin@contoso.com"]]);
    expect(plan.approvals).toEqual([{ for: "policy", anyOf: ["mei.lin@contoso.com"] }]);
  });

  it("a stack that had no owners never takes the head's: the change cannot name its own approvers, and the gate fails closed", () => {
    const view = (owners?: string[]): PolicyView => ({ stackPath: S, stack: { ...(owners && { owners: owners as [string] }), tenantId: "t" } as PolicyView["stack"], partners: [], pulumiPath: "Pulumi.prod.yaml", config: {} });
    expect(diffPolicy(view(), view(["mallory@contoso.com"]))[0]!.approvers).toEqual([]);
  });

  it("a change of cloud is a policy change: it decides which Graph the lifecycle writes to", async () => {
    const plan = await planFor(repoFiles(), repoFiles({ stack: edited((s) => (s.cloud = "china")) }), { allowHeadErrors: true });
    expect(plan.policyChanges).toContainEqual(expect.objectContaining({ file: S, path: "cloud", after: "china", loosens: true, approvers: ["mei.lin@contoso.com"] }));
  });
});

describe("approvals", () => {
  it("a group opened to guests with the requester's friend as owner: the grant needs the base's owner, the catalog edit a stack owner", async () => {
    const friendly = edited((s) => {
      s.groups["supplier-portal"].owners = ["friend@contoso.com"];
    });
    const fabrikam: GuestSpec[] = [...fabrikamGuests(), { email: "kofi.mensah@fabrikam.com", displayName: "Kofi Mensah", expires: "2027-05-31", groups: ["supplier-portal"] }];
    const plan = await planFor(repoFiles(), repoFiles({ stack: friendly, fabrikam }));
    const kofi = plan.guests.find((g) => g.key === "kofi.mensah@fabrikam.com")!;
    expect(kofi.granted[0]!.owners).toEqual(["tomas.berg@contoso.com"]);
    expect(kofi.approvers).toEqual(["tomas.berg@contoso.com"]);
    expect(plan.approvals).toEqual([
      { for: "group:supplier-portal", anyOf: ["tomas.berg@contoso.com"], guests: ["kofi.mensah@fabrikam.com"] },
      { for: "policy", anyOf: ["mei.lin@contoso.com"] },
      // The sponsor answers for every guest let in; a stack owner stands in if the sponsor opened the change.
      { for: "sponsor:priya.natarajan@contoso.com", anyOf: ["priya.natarajan@contoso.com"], fallback: ["mei.lin@contoso.com"], guests: ["kofi.mensah@fabrikam.com"] },
    ]);
    expect(plan.policyChanges.filter((c) => c.loosens).map((c) => c.after)).toEqual(["friend@contoso.com"]);
  });

  it("a group re-keyed with its objectId and opened to guests: the grant needs the base's owner of that id, not the owners the change sets", async () => {
    const base = repoFiles({ stack: edited((s) => (s.groups.board = BOARD)) });
    const stack = edited((s) => (s.groups.partners = { ...BOARD, owners: ["friend@contoso.com"], allowGuests: true }));
    const fabrikam: GuestSpec[] = [...fabrikamGuests(), { email: "kofi.mensah@fabrikam.com", displayName: "Kofi Mensah", expires: "2027-05-31", groups: ["partners"] }];
    const plan = await planFor(base, repoFiles({ stack, fabrikam }));
    expect(plan.guests.find((g) => g.key === "kofi.mensah@fabrikam.com")!.granted).toEqual([expect.objectContaining({ key: "partners", owners: ["olivia.chen@contoso.com"] })]);
    expect(plan.approvals.find((a) => a.for === "group:partners")).toEqual({ for: "group:partners", anyOf: ["olivia.chen@contoso.com"], guests: ["kofi.mensah@fabrikam.com"] });
  });

  it("an app re-keyed with its servicePrincipalId: the grant needs the base's owners of that app", async () => {
    const stack = edited((s) => {
      s.apps.spend = { ...s.apps.expenses, owners: ["friend@contoso.com"] };
      delete s.apps.expenses;
    });
    const move = (g: GuestSpec): GuestSpec => ({ ...g, apps: g.apps?.map((a) => ({ ...a, app: "spend" })) });
    const fabrikam: GuestSpec[] = [...fabrikamGuests().map(move), { email: "kofi.mensah@fabrikam.com", displayName: "Kofi Mensah", expires: "2027-05-31", apps: [{ app: "spend", role: "Approver" }] }];
    const plan = await planFor(repoFiles(), repoFiles({ stack, fabrikam, northwind: northwindGuests().map(move) }), { allowHeadErrors: true });
    expect(plan.approvals.find((a) => a.for === "app:spend/Approver")?.anyOf).toEqual(["olivia.chen@contoso.com"]);
  });

  it("an adoption needs a stack owner, and shows the id", async () => {
    const fabrikam: GuestSpec[] = [...fabrikamGuests(), { email: "kofi.mensah@fabrikam.com", displayName: "Kofi Mensah", expires: "2027-05-31", objectId: "12121212-1212-4212-8212-121212121212" }];
    const plan = await planFor(repoFiles(), repoFiles({ fabrikam }));
    expect(plan.guests.find((g) => g.key === "kofi.mensah@fabrikam.com")).toMatchObject({ action: "adopt", objectId: "12121212-1212-4212-8212-121212121212" });
    expect(plan.approvals).toEqual([{ for: "adopt:kofi.mensah@fabrikam.com", anyOf: ["mei.lin@contoso.com"], guests: ["kofi.mensah@fabrikam.com"] }, { for: "sponsor:priya.natarajan@contoso.com", anyOf: ["priya.natarajan@contoso.com"], fallback: ["mei.lin@contoso.com"], guests: ["kofi.mensah@fabrikam.com"] }]);
  });

  it("a changed objectId of an adopted guest needs a stack owner, and says where the grants go", async () => {
    const moved = fabrikamGuests().map((g) => (g.objectId ? { ...g, objectId: "12121212-1212-4212-8212-121212121212" } : g));
    const plan = await planFor(repoFiles(), repoFiles({ fabrikam: moved }));
    const dev = plan.guests.find((g) => g.key === "dev.patel@fabrikam.com")!;
    expect(dev.objectId).toBe("12121212-1212-4212-8212-121212121212");
    expect(dev.notes[0]).toBe("objectId changes from 88888888-8888-4888-8888-888888888888 to 12121212-1212-4212-8212-121212121212: every grant moves to that account");
    // The membership is replaced, not granted anew: the stack owner's approval of the id covers it.
    expect(plan.approvals.map((a) => a.for)).toEqual(["adopt:dev.patel@fabrikam.com"]);
  });

  it("invitation overrides of a new guest are carried to the plan", async () => {
    const fabrikam: GuestSpec[] = [...fabrikamGuests(), { email: "kofi.mensah@fabrikam.com", displayName: "Kofi Mensah", expires: "2027-05-31", invitation: { message: "Action required", cc: ["priya.natarajan@contoso.com"] } }];
    const plan = await planFor(repoFiles(), repoFiles({ fabrikam }));
    expect(plan.guests.find((g) => g.key === "kofi.mensah@fabrikam.com")!.invitation).toEqual({ message: "Action required", cc: "priya.natarajan@contoso.com" });
  });
});

describe("the grace period is judged by the longer of base and head", () => {
  it("shrinking expiredGraceDays under onRemoval: delete cannot delete a guest who expired yesterday", async () => {
    const stack = (grace: number) => edited((s) => (Object.assign(s.policy, { onRemoval: "delete", expiredGraceDays: grace }), (s.lifecycle = { blockSignInOnExpiry: true })));
    const fabrikam = fabrikamGuests().map((g) => (g.email.startsWith("ben.") ? { ...g, expires: "2026-11-30" } : g));
    const plan = await planFor(repoFiles({ stack: stack(30), fabrikam }), repoFiles({ stack: stack(0), fabrikam }));
    expect(plan.guards.refusals.map((r) => r.guard)).toEqual(["accountDeletion"]);
    expect(plan.refused).toContain("policy.expiredGraceDays shrinks from 30 to 0 in this change");
    // Once the longer period has passed, the deletion is the lifecycle's.
    const later = await planFor(repoFiles({ stack: stack(30), fabrikam }), repoFiles({ stack: stack(0), fabrikam }), { baseAsOf: "2026-12-15", asOf: "2027-01-01" });
    expect(later.refused).toBeNull();
  });

  it("moving an expired guest's expires into the past cannot skip the grace period: it runs from the later date", async () => {
    const stack = edited((s) => (Object.assign(s.policy, { onRemoval: "delete", expiredGraceDays: 30 }), (s.lifecycle = { blockSignInOnExpiry: true })));
    const expired = fabrikamGuests().map((g) => (g.email.startsWith("ben.") ? { ...g, expires: "2026-11-25" } : g));
    const backdated = fabrikamGuests().map((g) => (g.email.startsWith("ben.") ? { ...g, expires: "2025-01-01" } : g));
    const plan = await planFor(repoFiles({ stack, fabrikam: expired }), repoFiles({ stack, fabrikam: backdated }), { allowHeadErrors: true });
    expect(plan.guards.refusals.map((r) => r.guard)).toEqual(["accountDeletion"]);
    expect(plan.refused).toContain("this change moves its expires from 2026-11-25 to 2025-01-01; the grace period runs from the later date");
    // 30 days after the later date, the deletion is the lifecycle's.
    const later = await planFor(repoFiles({ stack, fabrikam: expired }), repoFiles({ stack, fabrikam: backdated }), { baseAsOf: "2026-12-20", asOf: "2026-12-26", allowHeadErrors: true });
    expect(later.refused).toBeNull();
  });
});

describe("lifecycle switches", () => {
  it("turning one off is a policy change a stack owner approves", async () => {
    const head = repoFiles({ stack: edited((s) => (s.lifecycle = { blockSignInOnExpiry: false })) });
    const plan = await planFor(repoFiles(), head);
    expect(plan.policyChanges).toContainEqual(expect.objectContaining({ path: "lifecycle.blockSignInOnExpiry", after: false, loosens: true }));
    expect(plan.approvals.some((a) => a.for === "policy")).toBe(true);
  });
});

describe("catalog identity", () => {
  it("re-keying any groups, with their ids, shows only key renames: no entry added or removed, nothing loosened", () => {
    const view = (groups: Record<string, unknown>): PolicyView => ({ stackPath: S, stack: { owners: ["mei.lin@contoso.com"], groups }, partners: [], pulumiPath: "Pulumi.prod.yaml", config: {} });
    const entry = (i: number) => ({ objectId: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`, displayName: "Group", owners: ["olivia.chen@contoso.com"], allowGuests: i % 2 === 0 });
    fc.assert(
      fc.property(fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/), { minLength: 1, maxLength: 8 }), fc.infiniteStream(fc.nat()), (keys, picks) => {
        const base = Object.fromEntries(keys.map((k, i) => [k, entry(i)]));
        // The same entries under shuffled keys, some of them new.
        const newKeys = [...keys.map((k, i) => (picks.next().value % 3 === 0 ? `${k}-x${i}` : k))];
        for (let i = newKeys.length - 1; i > 0; i--) {
          const j = picks.next().value % (i + 1);
          [newKeys[i], newKeys[j]] = [newKeys[j]!, newKeys[i]!];
        }
        const head = Object.fromEntries(newKeys.map((k, i) => [k, entry(i)]));
        const changes = diffPolicy(view(base), view(head));
        expect(changes.every((c) => /^groups\.[^.]+\.key$/.test(c.path) && !c.loosens)).toBe(true);
        expect(changes.length).toBe(newKeys.filter((k, i) => keys[i] !== k).length);
      }),
    );
  });
});
