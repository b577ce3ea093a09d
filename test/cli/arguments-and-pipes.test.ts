// Two edges of the command line: a flag's value that looks like a flag (--as-of -h) is a usage error
// about that value, not a request for help; and a reader that stops early (| head) ends the output
// quietly, with the command's own exit code and no stack trace.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { wantsHelp } from "../../src/cli/main";
import { options as planOptions } from "../../src/cli/commands/plan";
import { options as validateOptions } from "../../src/cli/commands/validate";
import { catalogRepo } from "../bench/synthetic-catalog";
import { baseRepo } from "../helpers/fixtures";
import { testdir } from "../helpers/testdir";
import { runCli } from "./run-cli";

describe("help or a value", () => {
  const rows = [
    { args: ["-h"], options: validateOptions, help: true },
    { args: ["--stack", "prod", "--help"], options: validateOptions, help: true },
    { args: ["--as-of", "-h"], options: validateOptions, help: false },
    { args: ["--as-of", "--help"], options: validateOptions, help: false },
    { args: ["--base", "-h", "--as-of", "2026-12-01"], options: planOptions, help: false },
    { args: ["--allow-mass-removal", "-h"], options: planOptions, help: true },
    { args: ["--", "-h"], options: validateOptions, help: false },
  ];
  it.each(rows)("$args: help $help", ({ args, options, help }) => {
    expect(wantsHelp(args, options)).toBe(help);
  });

  const usage = [
    { argv: ["validate", "--as-of", "-h"], error: '--as-of needs a value, but the next argument starts with "-"' },
    { argv: ["plan", "--base", "--help"], error: "--base needs a value" },
    { argv: ["validate", "--format", "-h"], error: "--format needs a value" },
  ];
  it.each(usage)("$argv is a usage error about the value", async ({ argv, error }) => {
    const r = await runCli(argv, testdir(baseRepo()));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^guestops: error: .*\nhint: .*\n$/);
    expect(r.stderr).toContain(error);
  });
});

describe("a reader that stops early", () => {
  it("bin/guestops validate | head -1: one line, the command's exit code, nothing on stderr", () => {
    // Thousands of error lines: far more than a pipe buffer, so the writes outlive the reader.
    const root = testdir(catalogRepo({ groups: 50, guests: 200, refsPerGuest: 20 }));
    const bin = join(__dirname, "..", "..", "bin", "guestops");
    const r = spawnSync("bash", ["-c", `"${process.execPath}" "${bin}" validate --as-of 2026-12-01 | head -1; exit \${PIPESTATUS[0]}`], { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", PULUMI_STACK: "" } });
    expect(r.stderr).toBe("");
    expect(r.stdout.split("\n").filter(Boolean)).toHaveLength(1);
    expect(r.status).toBe(1);
  });
});
