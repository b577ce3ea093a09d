// When the program must refuse to run: validation errors, no guests, bad configuration, a stack name
// that names no file. A refusal registers nothing, so the engine changes nothing.
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, test, vi } from "vitest";
import { loadRepo } from "../../src/load/load-repo";
import { workingTree } from "../../src/load/read-working-tree";
import { PROVIDER } from "../../src/model/resources-for";
import { parseProgramConfig } from "../../src/pulumi/read-program-config";
import { runProgram } from "../../src/pulumi/run-program";
import { validateRepo } from "../../src/rules/validate-repo";
import { AS_OF, FABRIKAM, STACK } from "../helpers/fixtures";
import { testdir } from "../helpers/testdir";
import { installMocks } from "./record-registrations";
import { runFixture } from "./run-fixture";

// The program entry reads the repository it is installed in; here it reads the tests' copy of the example,
// so that this file passes in a fork whose own tenant replaced the example.
vi.mock("../../src/pulumi/run-program", async (original) => {
  const actual = await original<typeof import("../../src/pulumi/run-program")>();
  const { EXAMPLE_ROOT, REPO_ROOT } = await import("../helpers/example.js");
  return { ...actual, runProgram: (opts: Parameters<typeof actual.runProgram>[0]) => actual.runProgram(opts.root === REPO_ROOT ? { ...opts, root: EXAMPLE_ROOT } : opts) };
});

/** Runs the program and returns its refusal, after checking that nothing was registered. */
async function refusal(files: Record<string, string>, opts: { allowEmpty?: boolean; stack?: string } = {}): Promise<{ error: Error; root: string }> {
  const recorder = await installMocks();
  const root = testdir(files);
  const run = runProgram({ root, stack: opts.stack ?? "prod", asOf: AS_OF, allowEmpty: opts.allowEmpty ?? false, warn: () => {} });
  const error = await run.then(() => undefined, (e: unknown) => e as Error);
  if (!error) throw new Error("the program ran; a refusal was expected");
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(recorder.registrations).toEqual([]);
  // A RunError is printed as its message alone: no stack trace for a user's mistake.
  expect(pulumi.RunError.isInstance(error)).toBe(true);
  return { error, root };
}

describe("the judged day", () => {
  // Pulumi's config is checked against today; a guestops:asOf written in the file but not the config
  // Pulumi gives (say, --config-file elsewhere) must not be the day expiry is judged on.
  test("a guestops:asOf in Pulumi.<stack>.yaml that is not Pulumi's configured one is refused", async () => {
    const { error } = await refusal({ "stacks/prod.yaml": STACK, "guests/fabrikam.yaml": FABRIKAM, "Pulumi.prod.yaml": 'config:\n  guestops:asOf: "2031-01-01"\n' });
    expect(error.message).toContain(`Pulumi.prod.yaml sets guestops:asOf 2031-01-01, but Pulumi's configuration gives ${AS_OF}`);
  });
});

describe("validation errors", () => {
  const broken = FABRIKAM.replace("    groups: [erp-project]\n    apps:", "    sponsor: bob@fabrikam.com\n    groups: [erp-projekt]\n    apps:");

  test("fail the program with every error as file:line:col message", async () => {
    const { error, root } = await refusal({ "stacks/prod.yaml": STACK, "guests/fabrikam.yaml": broken });
    const { errors } = validateRepo(await loadRepo(workingTree(root), "prod"), AS_OF);
    expect(errors.length).toBeGreaterThanOrEqual(2);
    for (const p of errors) expect(error.message).toContain(`${p.file}:${p.line}:${p.column} ${p.message}`);
    expect(error.message).toContain('guests/fabrikam.yaml:10:14 sponsor "bob@fabrikam.com" is not an internal address; sponsors must be in contoso.com');
    expect(error.message).toMatch(/guests\/fabrikam\.yaml:11:\d+ group "erp-projekt" is not in the stack's catalog/);
    expect(error.message).toContain(`stack "prod" has ${errors.length} validation errors; guestops never deploys a half-valid state`);
  });

  test("refuse even when the other guests are valid: never a half-valid state", async () => {
    const second = FABRIKAM.replace("partner: Fabrikam", "partner: Fabrikam Labs").replace(/email: (\w+)\.(\w+)@/g, "email: $1.$2.labs@").replace("erp-project]\n    apps:", "erp-projekt]\n    apps:");
    const { error } = await refusal({ "stacks/prod.yaml": STACK, "guests/fabrikam.yaml": FABRIKAM, "guests/fabrikam-labs.yaml": second });
    expect(error.message).toContain("guests/fabrikam-labs.yaml:");
    expect(error.message).not.toContain("guests/fabrikam.yaml:");
  });

  test("a missing stack file is an error that names it", async () => {
    const { error } = await refusal({ "stacks/prod.yaml": STACK, "guests/fabrikam.yaml": FABRIKAM }, { stack: "dev" });
    expect(error.message).toContain("stacks/dev.yaml:1:1 stack file stacks/dev.yaml does not exist");
  });

  test("a stack name that could leave stacks/ is refused before anything is read", async () => {
    const { error } = await refusal({ "stacks/prod.yaml": STACK, "guests/fabrikam.yaml": FABRIKAM }, { stack: "../prod" });
    expect(error.message).toContain('stack name "../prod"');
  });
});

describe("no guests", () => {
  test("a missing guests/ folder refuses unless allowEmpty", async () => {
    const { error } = await refusal({ "stacks/prod.yaml": STACK });
    expect(error.message).toContain('stack "prod" declares no guests (no guest files match guests/**/*.yaml, guests/**/*.yml)');
    expect(error.message).toContain("pulumi config set guestops:allowEmpty true");
  });

  test("a guest file whose entries were all deleted refuses too", async () => {
    const emptied = FABRIKAM.slice(0, FABRIKAM.indexOf("guests:")) + "guests: []\n";
    const { error } = await refusal({ "stacks/prod.yaml": STACK, "guests/fabrikam.yaml": emptied });
    expect(error.message).toContain('stack "prod" declares no guests (1 guest file but no guests)');
  });

  test("with allowEmpty the program runs and registers only the provider", async () => {
    const { registrations, result } = await runFixture({ "stacks/prod.yaml": STACK }, { asOf: AS_OF, allowEmpty: true });
    expect(registrations.map((r) => r.type)).toEqual([PROVIDER]);
    expect(result.outputs.guests).toEqual({ active: 0, expired: 0, gone: 0 });
    expect(result.outputs.invitations).toEqual({});
  });
});

describe("configuration", () => {
  test("asOf defaults to today in UTC", () => {
    expect(parseProgramConfig({}, new Date("2026-07-04T23:30:00-05:00"))).toEqual({ asOf: "2026-07-05", allowEmpty: false });
    expect(parseProgramConfig({ asOf: "2027-01-31", allowEmpty: "true" }, new Date("2027-01-31T08:00:00Z"))).toEqual({ asOf: "2027-01-31", allowEmpty: true });
  });

  // A far asOf in Pulumi.<stack>.yaml would expire every guest (or restore expired access) unseen.
  test.each([
    { asOf: "2026-12-02", preview: false, refused: false },
    { asOf: "2026-11-30", preview: false, refused: false },
    { asOf: "2026-12-03", preview: false, refused: true },
    { asOf: "2099-12-31", preview: false, refused: true },
    { asOf: "2026-01-01", preview: false, refused: true },
    { asOf: "2099-12-31", preview: true, refused: false },
  ])("a deploy with asOf $asOf on 2026-12-01 (preview: $preview): refused $refused", ({ asOf, preview, refused }) => {
    const now = new Date("2026-12-01T12:00:00Z");
    if (refused) {
      expect(() => parseProgramConfig({ asOf }, now, preview)).toThrow(/days (after|before) today \(2026-12-01 UTC\); a deploy judges expiry on today.*pulumi config rm guestops:asOf/);
    } else {
      const config = parseProgramConfig({ asOf }, now, preview);
      expect(config.asOf).toBe(asOf);
      expect(config.asOfWarning !== undefined).toBe(preview);
    }
  });

  test.each([
    { raw: { asOf: "2027-02-30" }, message: 'config guestops:asOf is "2027-02-30", which is not a date' },
    { raw: { asOf: "31/01/2027" }, message: 'config guestops:asOf is "31/01/2027", which is not a date' },
    { raw: { allowEmpty: "yes" }, message: 'config guestops:allowEmpty is "yes"; it must be true or false' },
  ])("$raw is refused", ({ raw, message }) => {
    expect(() => parseProgramConfig(raw)).toThrow(message);
  });

  test("the entry reads guestops:asOf and refuses a bad one before reading any file", async () => {
    const recorder = await installMocks("prod");
    pulumi.runtime.setAllConfig({ "guestops:asOf": "2026-13-01" });
    const { program } = await import("../../src/pulumi/index.js");
    const error = await program().then(() => undefined, (e: unknown) => e as Error);
    expect(pulumi.RunError.isInstance(error)).toBe(true);
    expect(error?.message).toContain('config guestops:asOf is "2026-13-01"');
    expect(recorder.registrations).toEqual([]);
  });
});
