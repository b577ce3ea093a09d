// The README's main job, on this repository's own example history: the plan from the commit
// "example: base state ..." to the working tree must show every guest-level action.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { expect, it } from "vitest";
import { main, type CommandContext } from "../../src/cli/main";
import { describeExample } from "../helpers/example";

const ROOT = join(__dirname, "..", "..");
const ARGS = ["plan", "--base", ":/^example: base state", "--as-of", "2026-12-01"];

describeExample("the README's command on the bundled example", () => {
  it("bin/guestops plan shows invite, change, expire, remove and adopt, and exits 0", () => {
    const r = spawnSync(process.execPath, [join(ROOT, "bin", "guestops"), ...ARGS], { cwd: ROOT, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    for (const action of ["invite", "change", "expire", "remove", "adopt"]) expect(r.stdout).toMatch(new RegExp(`^  [-+~>] ${action} +\\S+@`, "m"));
    expect(r.stdout).toMatch(/^Plan: 1 invite, 1 adoption, 1 change, 1 expiry, 1 removal; \d+ guests unchanged\.$/m);
    // The guest who expired loses access, and GuestLifecycle blocks their sign-in.
    expect(r.stdout).toMatch(/^ {2}- expire +henrik\.larsen@northwind\.example .* block sign-in, account kept$/m);
    expect(r.stdout).toMatch(/^ {2}~ update +GuestLifecycle +lifecycle\/henrik\.larsen@northwind\.example +block sign-in$/m);
  });

  it("maps each action to the guest the example's history changes", async () => {
    let stdout = "";
    const ctx: CommandContext = { cwd: ROOT, env: {}, color: false, stdout: { write: (t: string) => (stdout += t) }, stderr: { write: () => true } };
    expect(await main([...ARGS, "--format", "json"], ctx)).toBe(0);
    const plan = JSON.parse(stdout) as { guests: { key: string; action: string; account: string }[]; refused: string | null };
    expect(Object.fromEntries(plan.guests.map((g) => [g.key, g.action]))).toMatchObject({
      "kwame.mensah@fabrikam.com": "invite",
      "ben.carter@fabrikam.com": "change",
      "henrik.larsen@northwind.example": "expire",
      "jun.tanaka@northwind.example": "remove",
      "lucia.ferrari@northwind.example": "adopt",
    });
    expect(plan.guests.every((g) => g.account === "kept")).toBe(true);
    expect(plan.refused).toBeNull();
  });

  it("can be approved: its base has the stack owners, so every approval names people, and it changes no policy", async () => {
    let stdout = "";
    const ctx: CommandContext = { cwd: ROOT, env: {}, color: false, stdout: { write: (t: string) => (stdout += t) }, stderr: { write: () => true } };
    expect(await main([...ARGS, "--format", "json"], ctx)).toBe(0);
    const plan = JSON.parse(stdout) as { policyChanges: unknown[]; approvals: { for: string; anyOf: string[] }[] };
    expect(plan.policyChanges).toEqual([]);
    expect(plan.approvals.filter((a) => a.anyOf.length === 0)).toEqual([]);
    expect(plan.approvals.find((a) => a.for === "adopt:lucia.ferrari@northwind.example")?.anyOf).toEqual(["jonas.weber@contoso.com", "mei.lin@contoso.com"]);
  });
});
