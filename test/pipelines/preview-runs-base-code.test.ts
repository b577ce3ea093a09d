// The preview job reads the tenant with the read identity before anyone has reviewed the change, so it
// runs the base branch's program and tool (installed from the base's lock file) over the pull request's
// data, never the pull request's own code, as it would on a real runner.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleText } from "../helpers/example";
import { createSandbox, ROOT, type Sandbox } from "./runner/sandbox";

const FABRIKAM = exampleText("guests/fabrikam.yaml");
const PROGRAM = readFileSync(join(ROOT, "src/pulumi/index.ts"), "utf8");

describe("guestops-pr.yml's preview", () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await createSandbox();
  });
  afterAll(() => sb.close());

  it("runs the base's code on the pull request's data", async () => {
    const pr = sb.pullRequest({
      number: 51,
      author: "ana-dev",
      branch: "data-and-code",
      files: {
        "guests/fabrikam.yaml": FABRIKAM.replace("CHG-1042 ERP migration, project manager", "CHG-1042 ERP migration, programme manager"),
        "src/pulumi/index.ts": `${PROGRAM}\n// changed by the pull request\n`,
        "package.json": readFileSync(join(ROOT, "package.json"), "utf8").replace('"name": "guestops"', '"name": "guestops", "scripts-from-the-pr": "yes"'),
        "guests/notes.ts": "// a file of code among the data\n",
      },
    });
    const run = await sb.github("guestops-pr.yml", { event: "pull_request", pr, jobs: ["preview"] });
    expect(run.jobs.preview!.result, run.jobs.preview!.log()).toBe("success");
    const [preview] = sb.calls("pulumi").filter((c) => c.argv[0] === "preview");
    const at = (path: string) => readFileSync(join(preview!.cwd, path), "utf8");
    expect(at("guests/fabrikam.yaml")).toContain("programme manager");
    expect(at("src/pulumi/index.ts")).toBe(PROGRAM);
    expect(at("package.json")).not.toContain("scripts-from-the-pr");
    expect(() => at("guests/notes.ts")).toThrow();
  });
});
