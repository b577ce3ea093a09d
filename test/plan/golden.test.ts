// Golden plans: each guest-level action in Markdown and JSON, from hand-built base/head pairs.
// UPDATE_GOLDEN=1 npx vitest run test/plan rewrites the files; review the diff before committing it.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderPlanJson } from "../../src/plan/render-plan-machine";
import { renderPlanMarkdown } from "../../src/plan/render-plan-markdown";
import { actions, fabrikamGuests, northwindGuests, planFor, repoFiles, type GuestSpec, type PlanOptions } from "./plan-fixtures";

const GOLDEN = join(__dirname, "..", "golden", "plan");
const UPDATE = process.env.UPDATE_GOLDEN === "1";

const kofi: GuestSpec = { email: "kofi.mensah@fabrikam.com", displayName: "Kofi Mensah", expires: "2027-05-31", groups: ["erp-project"], apps: [{ app: "expenses", role: "Submitter" }] };
const jun: GuestSpec = { email: "jun.tanaka@northwind.example", displayName: "Jun Tanaka", expires: "2027-06-30", objectId: "99999999-9999-4999-8999-999999999999", groups: ["supplier-portal"] };
// Fixed warnings: the goldens test the plan's rendering, not the validation rules' wording.
const WARNINGS = [
  { file: "guests/fabrikam.yaml", line: 33, column: 14, rule: "expiringSoon", message: '"emma.jones@fabrikam.com" expires on 2026-12-20, in 19 days' },
  { file: "guests/northwind.yaml", line: 12, column: 15, rule: "reviewOverdue", message: '"grace.obi@northwind.example" was last reviewed on 2026-05-01, 214 days ago' },
];
const edit = (guests: GuestSpec[], email: string, patch: Partial<GuestSpec>) => guests.map((g) => (g.email === email ? { ...g, ...patch } : g));
const without = (guests: GuestSpec[], email: string) => guests.filter((g) => g.email !== email);

interface Case {
  name: string;
  head: Record<string, string>;
  expected: Record<string, string>;
  refused: boolean;
  opts?: PlanOptions;
}

const cases: Case[] = [
  { name: "invite", head: repoFiles({ fabrikam: [...fabrikamGuests(), kofi] }), expected: { "kofi.mensah@fabrikam.com": "invite" }, refused: false },
  {
    name: "change",
    head: repoFiles({ fabrikam: edit(fabrikamGuests(), "ben.carter@fabrikam.com", { groups: ["finance"], expires: "2027-02-28", displayName: "Benjamin Carter" }) }),
    expected: { "ben.carter@fabrikam.com": "change" },
    refused: false,
  },
  {
    name: "renew",
    head: repoFiles({ fabrikam: edit(fabrikamGuests(), "ana.silva@fabrikam.com", { expires: "2027-11-30", justification: "CHG-2 ERP migration, phase two" }) }),
    expected: { "ana.silva@fabrikam.com": "renew" },
    refused: false,
  },
  { name: "review", head: repoFiles({ northwind: edit(northwindGuests(), "grace.obi@northwind.example", { reviewed: "2026-11-28" }) }), expected: { "grace.obi@northwind.example": "review" }, refused: false },
  { name: "expire", head: repoFiles({ fabrikam: edit(fabrikamGuests(), "ben.carter@fabrikam.com", { expires: "2026-11-30" }) }), expected: { "ben.carter@fabrikam.com": "expire" }, refused: false },
  { name: "remove", head: repoFiles({ fabrikam: without(fabrikamGuests(), "ben.carter@fabrikam.com") }), expected: { "ben.carter@fabrikam.com": "remove" }, refused: false },
  { name: "adopt", head: repoFiles({ northwind: [...northwindGuests(), jun] }), expected: { "jun.tanaka@northwind.example": "adopt" }, refused: false },
  {
    name: "partner-changes",
    head: repoFiles({
      fabrikam: [...without(edit(fabrikamGuests(), "Carla.Gomez@fabrikam.com", { groups: ["finance", "erp-project"] }), "ben.carter@fabrikam.com"), kofi],
      northwind: [...edit(northwindGuests(), "hugo.weber@northwind.example", { expires: "2026-11-15" }), jun],
    }),
    expected: {
      "kofi.mensah@fabrikam.com": "invite",
      "carla.gomez@fabrikam.com": "change",
      "hugo.weber@northwind.example": "expire",
      "ben.carter@fabrikam.com": "remove",
      "jun.tanaka@northwind.example": "adopt",
    },
    refused: false,
  },
  { name: "mass-removal-refused", head: repoFiles({ northwind: [] }), expected: Object.fromEntries(northwindGuests().map((g) => [g.email, "remove"])), refused: true },
  {
    name: "mass-removal-allowed",
    head: repoFiles({ northwind: [] }),
    expected: Object.fromEntries(northwindGuests().map((g) => [g.email, "remove"])),
    refused: false,
    opts: { allowMassRemoval: true },
  },
];

describe("golden plans", () => {
  it.each(cases)("$name", async ({ name, head, expected, refused, opts }) => {
    const plan = await planFor(repoFiles(), head, { warnings: name === "partner-changes" ? WARNINGS : [], ...opts });
    // Behaviour first, so that a blindly rewritten golden file cannot hide a wrong action.
    expect(actions(plan)).toMatchObject(expected);
    expect(plan.refused !== null).toBe(refused);
    for (const [ext, text] of [["md", renderPlanMarkdown(plan)], ["json", renderPlanJson(plan)]] as const) {
      const file = join(GOLDEN, `${name}.${ext}`);
      if (UPDATE || !existsSync(file)) {
        if (!UPDATE) throw new Error(`missing golden file ${file}; run UPDATE_GOLDEN=1 npx vitest run test/plan`);
        mkdirSync(GOLDEN, { recursive: true });
        writeFileSync(file, text);
      }
      expect(text, `${name}.${ext} differs from its golden file; if the change is intended, run UPDATE_GOLDEN=1`).toBe(readFileSync(file, "utf8"));
    }
  });
});
