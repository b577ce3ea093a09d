// Edits that must never replace, remove or re-invite anyone: each one changes no logical name and no
// input outside ignoreChanges. Each variant is checked to really change something, so a lost
// ignoreChanges entry would fail here.
import { describe, expect, test } from "vitest";
import { INVITATION } from "../../src/model/resources-for";
import { AS_OF, FABRIKAM, STACK } from "../helpers/fixtures";
import { changedInputs, effectiveView, keyOf, runFixture } from "./run-fixture";

// The fixture file as header, Ana's entry and Ben's entry.
const [HEADER, ANA, BEN] = FABRIKAM.split(/(?=^ {2}- email:)/m) as [string, string, string];

const BASE = { "stacks/prod.yaml": STACK, "guests/fabrikam.yaml": FABRIKAM };

const variants: { desc: string; files: Record<string, string>; changes: string[] }[] = [
  {
    desc: "a changed display name",
    files: { ...BASE, "guests/fabrikam.yaml": FABRIKAM.replace("displayName: Ana Silva", "displayName: Ana Silva-Costa (Fabrikam)") },
    changes: ["ana.silva@fabrikam.com.userDisplayName"],
  },
  {
    desc: "a new invitation message with a copy to the sponsor",
    files: {
      ...BASE,
      "guests/fabrikam.yaml": FABRIKAM.replace(
        "displayName: Ana Silva\n",
        "displayName: Ana Silva\n    invitation:\n      message: Welcome to the ERP migration.\n      cc: [priya.natarajan@contoso.com]\n",
      ),
    },
    changes: ["ana.silva@fabrikam.com.message"],
  },
  {
    desc: "the email's case",
    files: { ...BASE, "guests/fabrikam.yaml": FABRIKAM.replace("email: ana.silva@fabrikam.com", "email: Ana.Silva@FABRIKAM.com") },
    changes: ["ana.silva@fabrikam.com.userEmailAddress"],
  },
  {
    desc: "a renamed file in another folder",
    files: { "stacks/prod.yaml": STACK, "guests/partners/fabrikam-ltd.yaml": FABRIKAM },
    changes: [],
  },
  {
    desc: "a guest moved to another file",
    files: { ...BASE, "guests/fabrikam.yaml": HEADER + ANA, "guests/fabrikam-contractors.yaml": HEADER + BEN },
    changes: [],
  },
  {
    desc: "reordered entries",
    files: { ...BASE, "guests/fabrikam.yaml": HEADER + BEN + ANA },
    changes: [],
  },
];

describe("edits that change no name and no effective input", () => {
  test.each(variants)("$desc", async ({ files, changes }) => {
    const base = await runFixture(BASE, { asOf: AS_OF });
    const variant = await runFixture(files, { asOf: AS_OF });
    expect(base.registrations.length).toBe(base.result.specs.length);
    expect(variant.registrations.map(keyOf).sort()).toEqual(base.registrations.map(keyOf).sort());
    expect(changedInputs(base.registrations, variant.registrations)).toEqual(changes);
    expect(effectiveView(variant.registrations)).toEqual(effectiveView(base.registrations));
  });

  test("the effective view does see a change outside ignoreChanges, such as a catalog group's objectId", async () => {
    const base = await runFixture(BASE, { asOf: AS_OF });
    const moved = await runFixture({ ...BASE, "stacks/prod.yaml": STACK.replace("22222222-2222-4222-8222-222222222222", "22222222-2222-4222-8222-999999999999") }, { asOf: AS_OF });
    expect(effectiveView(moved.registrations)).not.toEqual(effectiveView(base.registrations));
  });

  test("a catalog display name is only shown: renaming it changes nothing", async () => {
    const base = await runFixture(BASE, { asOf: AS_OF });
    const renamed = await runFixture({ ...BASE, "stacks/prod.yaml": STACK.replace("displayName: ERP Project", "displayName: ERP Programme 2027") }, { asOf: AS_OF });
    expect(changedInputs(base.registrations, renamed.registrations)).toEqual([]);
    expect(effectiveView(renamed.registrations)).toEqual(effectiveView(base.registrations));
  });
});

describe("invitations are retained whatever policy.onRemoval says", () => {
  const invitations = async (stack: string) =>
    (await runFixture({ ...BASE, "stacks/prod.yaml": stack }, { asOf: AS_OF })).registrations.filter((r) => r.type === INVITATION);

  test.each([
    { onRemoval: "retain", stack: STACK, retain: true },
    { onRemoval: "delete", stack: STACK.replace("onRemoval: retain", "onRemoval: delete") + "lifecycle:\n  blockSignInOnExpiry: true\n", retain: true },
    { onRemoval: "absent (default)", stack: STACK.replace("  onRemoval: retain\n", ""), retain: true },
  ])("$onRemoval", async ({ stack, retain }) => {
    expect(stack === STACK || !stack.includes("onRemoval: retain")).toBe(true);
    const found = await invitations(stack);
    expect(found.map((r) => r.name).sort()).toEqual(["ana.silva@fabrikam.com", "ben.carter@fabrikam.com"]);
    for (const r of found) expect(r.retainOnDelete, r.name).toBe(retain);
  });
});
