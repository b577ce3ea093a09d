// Resource names are stable: edits that only move, reorder, respell or rename must change nothing in the
// tenant. Each row is a head that differs from the base in one such way.
import { stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { fabrikamGuests, guestFileYaml, northwindGuests, planFor, repoFiles, stackDoc, type GuestSpec } from "./plan-fixtures";

const base = repoFiles();
const edit = (guests: GuestSpec[], email: string, patch: Partial<GuestSpec>) => guests.map((g) => (g.email === email ? { ...g, ...patch } : g));
const ben = fabrikamGuests().find((g) => g.email.startsWith("ben."))!;

function renamed(files: Record<string, string>, from: string, to: string): Record<string, string> {
  const { [from]: moved, ...rest } = files;
  return { ...rest, [to]: moved! };
}

/** The fixture stack with object ids that contain letters, written through `write`. */
function hexIds(write: (id: string) => string) {
  const s = stackDoc();
  s.tenantId = write("abcdef01-2345-4678-9abc-def012345678");
  s.groups["erp-project"].objectId = write("fedcba98-7654-4321-8fed-cba987654321");
  s.apps.expenses.servicePrincipalId = write("0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d");
  for (const role of Object.keys(s.apps.expenses.roles)) s.apps.expenses.roles[role] = write(`${role.length.toString(16).padStart(8, "a")}-bbbb-4ccc-8ddd-eeeeeeeeeeee`);
  return s;
}

function reversedKeys<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).reverse()) as T;
}

const rows: { desc: string; base?: Record<string, string>; head: Record<string, string>; ignored?: string[] }[] = [
  {
    desc: "moving a guest to another file of the same partner",
    head: {
      ...repoFiles({ fabrikam: fabrikamGuests().filter((g) => g !== ben && g.email !== ben.email) }),
      "guests/fabrikam-erp.yaml": guestFileYaml("Fabrikam", "fabrikam.com", "priya.natarajan@contoso.com", [ben]),
    },
  },
  { desc: "reordering entries", head: repoFiles({ fabrikam: fabrikamGuests().reverse(), northwind: northwindGuests().reverse() }) },
  {
    desc: "reordering a guest's groups and apps",
    base: repoFiles({ fabrikam: edit(fabrikamGuests(), "Carla.Gomez@fabrikam.com", { groups: ["finance", "erp-project"], apps: [{ app: "expenses", role: "Approver" }, { app: "expenses" }] }) }),
    head: repoFiles({ fabrikam: edit(fabrikamGuests(), "Carla.Gomez@fabrikam.com", { groups: ["erp-project", "finance"], apps: [{ app: "expenses" }, { app: "expenses", role: "Approver" }] }) }),
  },
  { desc: "changing the case of an email", head: repoFiles({ fabrikam: edit(fabrikamGuests(), "ana.silva@fabrikam.com", { email: "Ana.Silva@Fabrikam.com" }) }), ignored: ["userEmailAddress"] },
  { desc: "renaming a file", head: renamed(base, "guests/fabrikam.yaml", "guests/partners/fabrikam-ltd.yaml") },
  { desc: "editing a display name", head: repoFiles({ fabrikam: edit(fabrikamGuests(), "ana.silva@fabrikam.com", { displayName: "Ana Maria Silva" }) }), ignored: ["userDisplayName"] },
  {
    desc: "editing an invitation message",
    head: repoFiles({ fabrikam: edit(fabrikamGuests(), "emma.jones@fabrikam.com", { invitation: { message: "Welcome! Priya will call you on Monday." } }) }),
    ignored: ["message.body"],
  },
  {
    desc: "adding an invitation message to a guest invited without email",
    head: repoFiles({ northwind: edit(northwindGuests(), "ines.costa@northwind.example", { invitation: { message: "Welcome to the supplier portal." } }) }),
    ignored: ["message"],
  },
  {
    desc: "renaming a catalog display name",
    head: repoFiles({
      stack: (() => {
        const s = stackDoc();
        s.groups["erp-project"].displayName = "ERP Migration Programme";
        s.apps.expenses.displayName = "Expenses (SAP Concur)";
        return s;
      })(),
    }),
  },
  {
    desc: "changing the case of the tenant's and the catalog's object ids",
    base: repoFiles({ stack: hexIds((id) => id) }),
    head: repoFiles({ stack: hexIds((id) => id.toUpperCase()) }),
  },
  { desc: "reordering the stack's catalog", head: repoFiles({ stack: { ...stackDoc(), groups: reversedKeys(stackDoc().groups), apps: reversedKeys(stackDoc().apps) } }) },
  { desc: "changing a justification", head: repoFiles({ fabrikam: edit(fabrikamGuests(), "ben.carter@fabrikam.com", { justification: "CHG-2 cut-over" }) }) },
  { desc: "changing the case of a sponsor's address", head: repoFiles({ fabrikam: edit(fabrikamGuests(), "ben.carter@fabrikam.com", { sponsor: "Priya.Natarajan@contoso.com" }) }) },
];

describe("a sponsor change", () => {
  it("is one in-place GuestLifecycle update, shown to people as 'sponsor changed'", async () => {
    const plan = await planFor(base, repoFiles({ fabrikam: edit(fabrikamGuests(), "ben.carter@fabrikam.com", { sponsor: "olivia.chen@contoso.com" }) }));
    expect(plan.changes).toEqual([expect.objectContaining({ op: "update", name: "lifecycle/ben.carter@fabrikam.com", diffs: ["sponsors"], reason: "sponsor changed (priya.natarajan@contoso.com → olivia.chen@contoso.com)" })]);
    expect(plan.guests).toEqual([expect.objectContaining({ key: "ben.carter@fabrikam.com", action: "change", lifecycle: ["sponsor changed"], account: "kept" })]);
    expect(plan.refused).toBeNull();
  });
});

describe("stability: zero resource changes", () => {
  it.each(rows)("$desc", async ({ base: rowBase = base, head, ignored }) => {
    expect(head).not.toEqual(rowBase); // the row really changes something
    const plan = await planFor(rowBase, head);
    expect(plan.changes).toEqual([]);
    expect(plan.summary).toEqual({ create: 0, update: 0, replace: 0, delete: 0 });
    expect(plan.guests.filter((g) => g.action !== "unchanged")).toEqual([]);
    expect(plan.refused).toBeNull();
    expect(plan.ignored.flatMap((i) => i.inputs).sort()).toEqual((ignored ?? []).sort());
  });

  it("control: a real change does show up, so the rows above can fail", async () => {
    const plan = await planFor(base, repoFiles({ fabrikam: edit(fabrikamGuests(), "ana.silva@fabrikam.com", { groups: ["finance"], expires: "2027-02-01" }) }));
    expect(plan.summary).toEqual({ create: 1, update: 0, replace: 0, delete: 1 });
  });

  it("control: a stack written differently but equal parses to the same plan", async () => {
    const plan = await planFor(base, { ...base, "stacks/prod.yaml": `# reformatted\n${stringify(stackDoc(), { indent: 4 })}` });
    expect(plan.changes).toEqual([]);
  });
});
