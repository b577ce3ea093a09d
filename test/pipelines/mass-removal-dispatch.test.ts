// Lifting the mass-removal guard is a stack owner's decision: a dispatch that asks for it waits in the
// mass-removal environment (required reviewers: the stack owners), and the plan gets
// --allow-mass-removal only when that job passed. A push or a schedule never lifts it.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { createSandbox, ROOT, type Sandbox } from "./runner/sandbox";

describe("guestops-deploy.yml's allow_mass_removal", () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await createSandbox();
    // A first deployment, then a change that removes most guests: every Fabrikam guest.
    expect((await sb.github("guestops-deploy.yml", { event: "push" })).jobs.deploy!.result).toBe("success");
    sb.commit({ "guests/fabrikam.yaml": null }, "Fabrikam's engagement ends");
  });
  afterAll(() => sb.close());

  const plan = (run: Awaited<ReturnType<Sandbox["github"]>>) => run.jobs.deploy!.step("Plan against the last deployment");

  it("a push never lifts the guard: the plan is refused", async () => {
    const run = await sb.github("guestops-deploy.yml", { event: "push" });
    expect(run.jobs["mass-removal-approval"]!.result).toBe("skipped");
    expect(run.jobs.deploy!.result).toBe("failure");
    expect(plan(run).stdout + plan(run).stderr).toMatch(/more than policy\.maxRemovalShare/);
  });

  it("a dispatch that asks for it goes through the mass-removal environment first, then lifts it", async () => {
    const run = await sb.github("guestops-deploy.yml", { event: "workflow_dispatch", inputs: { allow_mass_removal: true } });
    const approval = run.jobs["mass-removal-approval"]!;
    expect(approval.result, approval.log()).toBe("success");
    expect(approval.annotations.map((a) => a.message)).toEqual([expect.stringContaining("approved in the mass-removal environment")]);
    expect(run.jobs.deploy!.result, run.jobs.deploy!.log()).toBe("success");
    expect(plan(run).stdout).toContain("--allow-mass-removal is set");
  });

  it("when the approval job does not pass (a reviewer rejects it), nothing deploys", async () => {
    const doc = parse(readFileSync(join(ROOT, ".github/workflows/guestops-deploy.yml"), "utf8")) as { jobs: Record<string, { steps: unknown[] }> };
    doc.jobs["mass-removal-approval"]!.steps = [{ run: "exit 1" }];
    const file = join(sb.dir, "rejected-guestops-deploy.yml");
    writeFileSync(file, stringify(doc));
    const run = await sb.github(file, { event: "workflow_dispatch", inputs: { allow_mass_removal: true } });
    expect(run.jobs["mass-removal-approval"]!.result).toBe("failure");
    expect(run.jobs.deploy!.result).toBe("skipped");
  });
});
