// Golden output of `guestops validate` in text format, for a repository with several errors and warnings.
// UPDATE_GOLDEN=1 npx vitest run test/cli rewrites the file; review the diff before committing it.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { expect, it } from "vitest";
import { AS_OF, FABRIKAM, STACK } from "../helpers/fixtures";
import { testdir } from "../helpers/testdir";
import { edit } from "../validate/helpers";
import { runCli } from "./run-cli";

const UPDATE = process.env.UPDATE_GOLDEN === "1";
const golden = join(__dirname, "..", "golden", "validate", "several-problems.txt");

const NORTHWIND = `# yaml-language-server: $schema=../schemas/guests.schema.json
partner: Northwind Traders
domains: [northwind.example]
guests:
  - email: grace.obi@northwind.example
    displayName: Grace Obi
    sponsor: tomas.berg@northwind.example
    expires: 2026-11-20
    justification: SUP-198 catalogue uploads
    groups: [finance, security-ops]
  - email: Ana.Silva@fabrikam.com
    displayName: Ana Silva again
    sponsor: olivia.chen@contoso.com
    expires: 2026-12-15
    justification: SUP-198
    apps:
      - { app: expenses, role: Reviewer }
    colour: blue
`;

it("text output for several errors and warnings matches the golden file", async () => {
  const files = {
    "stacks/prod.yaml": edit(STACK, [["maxExpiryDays: 90", "maxExpiryDays: 400"]]),
    "guests/fabrikam.yaml": edit(FABRIKAM, [["2027-03-31", "2027-02-30"], ["groups: [erp-project]\n    apps", "groups: [erp-projct]\n    apps"]]),
    "guests/northwind.yaml": NORTHWIND,
    "guests/tailspin.yaml": "partner: Tailspin Toys\npartner: Tailspin\n",
  };
  const r = await runCli(["validate", "--as-of", AS_OF], testdir(files));
  expect(r.code).toBe(1);
  expect(r.stderr).toBe("");
  if (UPDATE) {
    mkdirSync(dirname(golden), { recursive: true });
    writeFileSync(golden, r.stdout);
  }
  expect(existsSync(golden), "missing golden file; run UPDATE_GOLDEN=1 npx vitest run test/cli").toBe(true);
  expect(r.stdout, "differs from test/golden/validate/several-problems.txt; if the change is intended, run UPDATE_GOLDEN=1").toBe(readFileSync(golden, "utf8"));
});
