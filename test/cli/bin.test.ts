// The installed entry point: bin/guestops runs the TypeScript sources and its exit code is the process's.
import { execFile } from "node:child_process";
import { join } from "node:path";
import { expect, it } from "vitest";
import { AS_OF, FABRIKAM, STACK } from "../helpers/fixtures";
import { testdir } from "../helpers/testdir";
import { edit } from "../validate/helpers";

const bin = join(__dirname, "..", "..", "bin", "guestops");

function run(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd, env: { ...process.env, NO_COLOR: "1", PULUMI_STACK: "" } }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code) : 0, stdout, stderr });
    });
  });
}

it("bin/guestops validate exits 0, 1 or 2 as a process, from the folder it runs in", async () => {
  const valid = testdir({ "stacks/prod.yaml": STACK, "guests/fabrikam.yaml": FABRIKAM });
  const invalid = testdir({ "stacks/prod.yaml": STACK, "guests/fabrikam.yaml": edit(FABRIKAM, [["ana.silva@", "ana+silva@"]]) });
  const [ok, bad, usage] = await Promise.all([
    run(["validate", "--as-of", AS_OF], valid),
    run(["validate", "--as-of", AS_OF], invalid),
    run(["validate", "--as-of", "someday"], valid),
  ]);
  expect(ok).toEqual({ code: 0, stdout: `valid: 2 guests in 1 guest file and 1 stack file (stack prod, as of ${AS_OF})\n`, stderr: "" });
  expect(bad.code).toBe(1);
  expect(bad.stdout).toContain('guests/fabrikam.yaml:6:12 error: email "ana+silva@fabrikam.com" contains "+"');
  expect(bad.stderr).toBe("");
  expect(usage.code).toBe(2);
  expect(usage.stderr).toContain('guestops: error: --as-of "someday" is not a date');
  expect(usage.stdout).toBe("");
});
