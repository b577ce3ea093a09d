// A platform team's own tenant, from an empty folder, as a new user would go: install the packed
// tarball, `guestops init`, validate the scaffold, add a partner file, plan before the first commit, and
// run the Pulumi program under mocks from that folder: it registers that guest, and nothing of the example.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXAMPLE_TENANT_ID, exampleText } from "../helpers/example";
import { installPacked } from "../helpers/packed-package";

const TENANT_ID = "7c1d3a52-88e4-4f0b-9d8e-2b6f0c4a9e17";
const GUEST = "lena.fischer@fabrikam.com";
const PARTNER = `# yaml-language-server: $schema=../node_modules/guestops/schemas/guests.schema.json
partner: Fabrikam
domains: [fabrikam.com]
sponsor: mei.lin@contoso.com
guests:
  - email: ${GUEST}
    displayName: Lena Fischer (Fabrikam)
    expires: 2027-03-31
    justification: CHG-3001 first partner of the new tenant
`;

let work: string;
let tenant: string;

function guestops(args: string[]) {
  const env = { PATH: process.env.PATH ?? "", HOME: work, NO_COLOR: "1", TMPDIR: tmpdir() };
  return spawnSync(join(tenant, "node_modules", ".bin", "guestops"), args, { cwd: tenant, env, encoding: "utf8" });
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "guestops-from-zero-"));
  tenant = join(work, "contoso-guests");
  mkdirSync(tenant);
  // 1. The packed tarball, installed as npm installs a dependency.
  installPacked(join(tenant, "node_modules"));
}, 60_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("your own tenant, from zero", () => {
  it("init, validate, a partner file, a plan before the first commit, and the program register that tenant's guest only", () => {
    // 2. The scaffold.
    const init = guestops(["init", ".", "--tenant-id", TENANT_ID, "--domain", "contoso.com", "--stack", "prod", "--owner", "mei.lin@contoso.com=mei-lin-contoso", "--ci", "github"]);
    expect(init.status, init.stderr).toBe(0);

    // 3. The tenant repository's own commands: the scaffold validates as written.
    const valid = guestops(["validate"]);
    expect(valid.status, valid.stdout + valid.stderr).toBe(0);

    // 4. A first partner file; the plan before any commit shows its invitation against an empty base.
    writeFileSync(join(tenant, "guests", "fabrikam.yaml"), PARTNER);
    expect(spawnSync("git", ["init", "--quiet", "--initial-branch=main"], { cwd: tenant }).status).toBe(0);
    const plan = guestops(["plan", "--format", "json"]);
    expect(plan.status, plan.stderr).toBe(0);
    const json = JSON.parse(plan.stdout) as { base: { empty: boolean }; guests: { key: string; action: string }[]; notices: string[] };
    expect(json.base.empty).toBe(true);
    expect(json.guests).toContainEqual(expect.objectContaining({ key: GUEST, action: "invite" }));

    // 5. The program, started where Pulumi starts it (the folder of Pulumi.yaml), under mocks.
    const run = spawnSync(process.execPath, [join(__dirname, "..", "package", "tenant-program-child.js"), "prod"], { cwd: tenant, env: { PATH: process.env.PATH ?? "", HOME: work }, encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { registered: { type: string; name: string }[] };
    const names = out.registered.map((r) => r.name);
    expect(names).toContain(GUEST);
    for (const exampleGuest of exampleText("guests/fabrikam.yaml").match(/[\w.-]+@fabrikam\.com/g)!) expect(names.join("\n")).not.toContain(exampleGuest.toLowerCase());
    expect(JSON.stringify(out.registered)).not.toContain(EXAMPLE_TENANT_ID);
  });
});
