// The repository the Pulumi program deploys is the one Pulumi runs it in, found as the CLI finds it,
// never the folder guestops is installed in.
import * as pulumi from "@pulumi/pulumi";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { programRoot } from "../../src/pulumi/index";
import { testdir } from "../helpers/testdir";

describe("programRoot", () => {
  it.each([
    ["the tenant repository's folder (the folder of Pulumi.yaml)", ""],
    ["the folder of `main` inside the installed package", "node_modules/guestops/src/pulumi"],
    ["a folder below the repository's top", "guests"],
  ])("from %s is the tenant repository", (_what, below) => {
    const tenant = testdir({ "stacks/contoso-prod.yaml": "", "guests/a.yaml": "", "node_modules/guestops/src/pulumi/main.js": "" });
    expect(programRoot(join(tenant, below))).toBe(tenant);
  });

  it("outside any repository with stacks/, refuses with what it looked at", () => {
    const elsewhere = testdir({ ".git/HEAD": "", "src/pulumi/main.js": "" });
    let error: unknown;
    try {
      programRoot(join(elsewhere, "src", "pulumi"));
    } catch (e) {
      error = e;
    }
    expect(pulumi.RunError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      `no stacks/ folder in ${join(elsewhere, "src", "pulumi")}, ${join(elsewhere, "src")}, ${elsewhere}; run pulumi in the tenant repository (the folder with Pulumi.yaml, stacks/ and guests/)`,
    );
  });
});
