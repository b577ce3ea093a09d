// The import direction of .dependency-cruiser.cjs, checked on the real sources and on small trees
// that break it, so that a rule which stopped matching would fail here rather than pass silently.
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { testdir } from "../helpers/testdir";

const root = join(__dirname, "..", "..");
const ruleSet = createRequire(__filename)(join(root, ".dependency-cruiser.cjs")) as { forbidden: unknown[]; options: Record<string, unknown> };

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

async function cruise(cwd: string): Promise<Violation[]> {
  const { cruise: run } = await import("dependency-cruiser");
  const before = process.cwd();
  process.chdir(cwd);
  try {
    const result = await run(["src"], { validate: true, ruleSet: { forbidden: ruleSet.forbidden } as never, tsPreCompilationDeps: true, doNotFollow: { path: "node_modules" } } as never);
    const output = result.output as { summary: { violations: Violation[] } };
    return output.summary.violations;
  } finally {
    process.chdir(before);
  }
}

describe("import direction", () => {
  it("holds for the sources as they are", async () => {
    expect((await cruise(root)).map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
  });

  const rows = [
    { desc: "the loader importing a policy rule", from: "src/load/a.ts", to: "src/rules/b.ts", rule: "no-upward-from-load-git" },
    { desc: "the model importing the loader", from: "src/model/a.ts", to: "src/load/b.ts", rule: "no-upward-from-model-output" },
    { desc: "a rule importing the plan", from: "src/rules/a.ts", to: "src/plan/b.ts", rule: "no-upward-from-rules" },
    { desc: "the plan importing the command line", from: "src/plan/a.ts", to: "src/cli/b.ts", rule: "no-upward-from-plan-audit-graph-pulumi" },
    { desc: "an escaper importing the model", from: "src/output/a.ts", to: "src/model/b.ts", rule: "output-stands-alone" },
    { desc: "the loader importing the Git reader", from: "src/load/a.ts", to: "src/git/b.ts", rule: "load-not-git" },
  ];
  it.each(rows)("refuses $desc", async ({ from, to, rule }) => {
    const rel = `../${to.split("/").slice(1).join("/").replace(/\.ts$/, "")}`;
    const dir = testdir({ [from]: `import { b } from "${rel}";\nexport const a = b;\n`, [to]: "export const b = 1;\n" });
    expect((await cruise(dir)).map((v) => v.rule.name)).toContain(rule);
  });

  it("refuses a cycle", async () => {
    const dir = testdir({ "src/plan/a.ts": `import { b } from "./b";\nexport const a = b;\n`, "src/plan/b.ts": `import { a } from "./a";\nexport const b = () => a;\n` });
    expect((await cruise(dir)).map((v) => v.rule.name)).toContain("no-circular");
  });
});
