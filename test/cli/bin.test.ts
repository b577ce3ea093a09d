// The installed entry point: bin/guestops runs the TypeScript sources and its exit code is the process's.
import { execFile, spawnSync } from "node:child_process";
import { closeSync, cpSync, existsSync, openSync } from "node:fs";
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

it.skipIf(!existsSync("/dev/full"))("output that cannot be written (a full disk) is one line and exit 70, never a stack trace", () => {
  const cwd = testdir({ "stacks/prod.yaml": STACK, "guests/fabrikam.yaml": FABRIKAM });
  const full = openSync("/dev/full", "w");
  try {
    const r = spawnSync(process.execPath, [bin, "validate", "--as-of", AS_OF], { cwd, env: { ...process.env, NO_COLOR: "1", PULUMI_STACK: "" }, stdio: ["ignore", full, "pipe"], encoding: "utf8" });
    expect(r.status).toBe(70);
    expect(r.stderr).toBe("guestops: could not write the output (ENOSPC); check the disk or the pipe it goes to\n");
  } finally {
    closeSync(full);
  }
});

it("before npm ci, with no dependency installed, says to run npm ci first (exit 2), not that guestops has a bug", () => {
  // A fresh clone: the package's files and no node_modules, here or in any folder above it.
  const clone = testdir({});
  const root = join(__dirname, "..", "..");
  for (const part of ["bin", "src", "schemas", "package.json"]) cpSync(join(root, part), join(clone, part), { recursive: true });
  expect(existsSync(join(clone, "node_modules"))).toBe(false);
  for (const args of [["--help"], ["validate", "--debug"]]) {
    const r = spawnSync(process.execPath, [join(clone, "bin", "guestops"), ...args], { cwd: clone, env: { PATH: process.env.PATH ?? "", NO_COLOR: "1" }, encoding: "utf8" });
    expect(r.status, args.join(" ")).toBe(2);
    expect(r.stderr).toContain("guestops: error: its dependency tsx is not installed, so guestops cannot start\nhint: run npm ci first");
    expect(r.stderr).not.toContain("internal error");
    expect(r.stdout).toBe("");
  }
});
