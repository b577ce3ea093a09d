// docs/guardrails.md shows names and figures that come from elsewhere: the demo stack's YAML, the
// order each setting loosens in (RANKS), and the golden plan. This test keeps each one the same as its source.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RANKS } from "../src/plan/diff-tenant-policy";

const ROOT = join(__dirname, "..");
const DOC = readFileSync(join(ROOT, "docs/guardrails.md"), "utf8");
const DEMO = join(ROOT, "test/fixtures/guardrails");

/** The fenced blocks of the page, in order. */
const blocks = [...DOC.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((m) => m[1]!);

describe("docs/guardrails.md", () => {
  it("shows the demo stack's tenantPolicy as the file writes it", () => {
    const stack = readFileSync(join(DEMO, "stacks/contoso.yaml"), "utf8");
    const section = /^tenantPolicy:\n(?: {2}.*\n)+/m.exec(stack)![0];
    expect(blocks).toContain(section);
  });

  it("shows lines of the demo's Fabrikam file only", () => {
    const fabrikam = readFileSync(join(DEMO, "guests/fabrikam.yaml"), "utf8").split("\n");
    const block = blocks.find((b) => b.startsWith("partner: Fabrikam"))!;
    for (const line of block.trimEnd().split("\n")) expect(fabrikam).toContain(line);
  });

  it("gives each ranked setting's order as the plan judges it", () => {
    for (const [path, rank] of Object.entries(RANKS)) expect(DOC).toContain(`| \`${path.replace(/^tenantPolicy\./, "")}\` | ${rank.join(" < ")} |`);
  });

  it("quotes the golden plan's resource rows", () => {
    const golden = readFileSync(join(ROOT, "test/golden/plan/guardrails.md"), "utf8").split("\n");
    const block = blocks.find((b) => b.includes("tenant/guest-mfa"))!;
    for (const line of block.trimEnd().split("\n")) expect(golden).toContain(line);
  });

  it("keeps the headings the other guardrail pages build on", () => {
    expect([...DOC.matchAll(/^## (.*)$/gm)].map((m) => m[1])).toEqual(expect.arrayContaining(["Declaring the guardrails", "In the plan", "Deploying", "Drift and import"]));
  });
});
