// status, drift and import end to end: the CLI against the demo tenant, with goldens.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../cli/run-cli";
import { AS_OF, exampleFiles, startDemo, type Demo } from "./demo-repo";

let demo: Demo | undefined;
afterEach(async () => {
  await demo?.double.close();
  demo = undefined;
});

const golden = (name: string) => join(__dirname, "../golden/graph", name);

describe("guestops status", () => {
  it.each(["text", "markdown", "json", "csv"])("as %s", async (format) => {
    demo = await startDemo();
    const r = await runCli(["status", "--as-of", AS_OF, "--format", format], demo.root, demo.env);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    await expect(r.stdout).toMatchFileSnapshot(golden(`status.${{ text: "txt", markdown: "md", json: "json", csv: "csv" }[format]}`));
  });

  it("flags by the given thresholds", async () => {
    demo = await startDemo();
    const json = async (args: string[]) => JSON.parse((await runCli(["status", "--as-of", AS_OF, "--format", "json", ...args], demo!.root, demo!.env)).stdout) as { guests: { email: string; flags: string[] }[] };
    const flagged = (r: { guests: { email: string; flags: string[] }[] }, flag: string) => r.guests.filter((g) => g.flags.includes(flag)).map((g) => g.email);
    expect(flagged(await json([]), "pending-invitation")).toEqual(["elena.petrova@fabrikam.com"]);
    expect(flagged(await json(["--pending-days", "30"]), "pending-invitation")).toEqual([]);
    expect(flagged(await json(["--inactive-days", "5"]), "inactive").length).toBe(9);
  });

  it("flags every mismatch that drift reports for a declared guest, and no other", async () => {
    demo = await startDemo();
    // One more by hand: a role given outside Git to a guest whose access is otherwise as declared.
    const expenses = demo.double.tenant.servicePrincipals.find((sp) => sp.id === "0c7ae4ff-5aba-4082-aa54-97642eeaa962")!;
    const ana = demo.double.tenant.users.find((u) => u.mail === "ana.silva@fabrikam.com")!;
    const approver = "35b9681a-568a-412a-a76c-8393fc351fc0";
    expenses.assignments.push({ id: "ana-approver", appRoleId: approver, principalId: ana.id, principalType: "User", principalDisplayName: "Ana", createdDateTime: "2026-02-01T00:00:00Z" });
    type Mismatch = { kind: string; group?: string; app?: string; role?: string };
    const status = JSON.parse((await runCli(["status", "--as-of", AS_OF, "--format", "json"], demo.root, demo.env)).stdout) as { guests: { email: string; flags: string[]; mismatches: Mismatch[] }[] };
    const drift = JSON.parse((await runCli(["drift", "--as-of", AS_OF, "--format", "json"], demo.root, demo.env)).stdout) as { memberships: (Mismatch & { email: string })[]; undeclaredGuests: { email: string }[] };
    const undeclared = new Set(drift.undeclaredGuests.map((g) => g.email));
    const fromDrift = drift.memberships.filter((m) => !undeclared.has(m.email)).map((m) => JSON.stringify(m));
    const fromStatus = status.guests.flatMap((g) => g.mismatches.map((m) => JSON.stringify({ ...m, email: g.email })));
    expect(fromStatus.sort()).toEqual(fromDrift.sort());
    expect(fromStatus.length).toBeGreaterThanOrEqual(4);
    const flags = (email: string) => status.guests.find((g) => g.email === email)!.flags;
    expect(flags("grace.obi@northwind.example")).toContain("undeclared-access");
    expect(flags("henrik.larsen@northwind.example")).toContain("undeclared-access");
    expect(flags("lucia.ferrari@northwind.example")).toContain("missing-access");
    expect(status.guests.find((g) => g.email === "ana.silva@fabrikam.com")!.mismatches).toEqual([{ kind: "undeclared", app: "expenses", role: "Approver" }]);
    expect(flags("isabel.moreno@northwind.example")).not.toContain("undeclared-access");
    const text = (await runCli(["status", "--as-of", AS_OF], demo.root, demo.env)).stdout;
    expect(text).toContain("flags: expired, yet still enabled and still holding app supplier-portal role Reader");
    expect(text).toContain("flags: access not in Git: group erp-project");
    expect(text).toContain("flags: access in Git missing from the tenant: app supplier-portal role Reader");
  });

  it.each([
    ["without a P1 licence", { premium: false }, "the tenant has no Microsoft Entra ID P1 licence (Graph: Authentication_RequestFromNonPremiumTenantOrB2CTenant)"],
    ["without AuditLog.Read.All", { permissions: ["User.Read.All", "GroupMember.Read.All", "Application.Read.All"] }, "the identity lacks AuditLog.Read.All (Graph: Authorization_RequestDenied)"],
  ])("degrades %s with one note", async (_, options, note) => {
    demo = await startDemo(options);
    const r = await runCli(["status", "--as-of", AS_OF], demo.root, demo.env);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^note: .*$/gm)).toEqual([`note: sign-in activity is not shown: ${note}`]);
    expect(r.stdout).toContain("last sign-in unreadable");
    expect(r.stdout).not.toMatch(/never signed in|no sign-in for over/);
  });
});

describe("guestops drift", () => {
  it.each(["text", "markdown", "json"])("as %s, exit 4", async (format) => {
    demo = await startDemo();
    const r = await runCli(["drift", "--as-of", AS_OF, "--format", format], demo.root, demo.env);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(4);
    await expect(r.stdout).toMatchFileSnapshot(golden(`drift.${{ text: "txt", markdown: "md", json: "json" }[format]}`));
  });

  it("reports guests without catalog access only with --all-guests", async () => {
    demo = await startDemo();
    const emails = async (args: string[]) => (JSON.parse((await runCli(["drift", "--as-of", AS_OF, "--format", "json", ...args], demo!.root, demo!.env)).stdout) as { undeclaredGuests: { email: string }[] }).undeclaredGuests.map((g) => g.email);
    expect(await emails([])).toEqual(["mia.tanaka@tailspin.example", "oliver.grant@fabrikam.com"]);
    expect(await emails(["--all-guests"])).toEqual(["mia.tanaka@tailspin.example", "oliver.grant@fabrikam.com", "sam.lee@adatum.example"]);
  });

  it("exits 0 when the tenant matches Git", async () => {
    demo = await startDemo();
    const t = demo.double.tenant;
    // Make the tenant what Git says: drop the undeclared, add the missing, fix the memberships.
    t.users = t.users.filter((u) => !/oliver|mia|kwame/.test(u.mail ?? ""));
    const erp = t.groups.find((g) => g.displayName === "ERP Migration Project")!;
    const grace = t.users.find((u) => u.mail === "grace.obi@northwind.example")!;
    erp.members = erp.members.filter((m) => m !== grace.id);
    const portal = t.servicePrincipals.find((s) => s.displayName === "Supplier Portal")!;
    const henrik = t.users.find((u) => u.mail === "henrik.larsen@northwind.example")!;
    portal.assignments = portal.assignments.filter((a) => a.principalId !== henrik.id);
    portal.assignments.push({ id: "lucia-reader", appRoleId: "e0839e2b-0a9d-43d2-954a-228b0b00b387", principalId: "c99c9aba-45c7-4dc0-9f0e-25e37ee4e7d5", principalType: "User", principalDisplayName: "Lucia", createdDateTime: "2026-02-01T00:00:00Z" });
    const files = exampleFiles();
    const withoutKwame = files["guests/fabrikam.yaml"]!.replace(/\n {2}- email: kwame\.mensah[\s\S]*$/, "\n");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(join(demo.root, "guests/fabrikam.yaml"), withoutKwame);
    const r = await runCli(["drift", "--as-of", AS_OF], demo.root, demo.env);
    expect(r.stdout).toContain("No drift.");
    expect(r.code).toBe(0);
  });

  it("compares every stack of the tenant, so stacks never report each other's guests", async () => {
    const files = exampleFiles();
    const stack = files["stacks/prod.yaml"]!;
    demo = await startDemo({
      files: {
        "stacks/prod.yaml": stack.replace("invitation:", "guestFiles: [guests/fab*.yaml]\n\ninvitation:"),
        "stacks/prod-north.yaml": stack.replace("invitation:", "guestFiles: [guests/north*.yaml]\n\ninvitation:"),
      },
    });
    const r = await runCli(["drift", "--stack", "prod", "--as-of", AS_OF, "--format", "json"], demo.root, demo.env);
    const report = JSON.parse(r.stdout) as { undeclaredGuests: { email: string }[] };
    expect(report.undeclaredGuests.map((g) => g.email)).toEqual(["mia.tanaka@tailspin.example", "oliver.grant@fabrikam.com"]);
    const text = await runCli(["drift", "--stack", "prod", "--as-of", AS_OF], demo.root, demo.env);
    expect(text.stdout).toContain("stacks prod, prod-north");
  });

  it("compares every shard of a tenant file, by default when they are all the stacks, and validates each", async () => {
    const shard = (files: string) => `tenant: contoso\nguestFiles: [${files}]\n`;
    demo = await startDemo({ files: { "tenants/contoso.yaml": exampleFiles()["stacks/prod.yaml"]!, "stacks/prod.yaml": shard("guests/fab*.yaml"), "stacks/prod-north.yaml": shard("guests/north*.yaml") } });
    const json = await runCli(["drift", "--as-of", AS_OF, "--format", "json"], demo.root, demo.env);
    expect((JSON.parse(json.stdout) as { undeclaredGuests: { email: string }[] }).undeclaredGuests.map((g) => g.email)).toEqual(["mia.tanaka@tailspin.example", "oliver.grant@fabrikam.com"]);
    const text = await runCli(["drift", "--tenant", "contoso", "--as-of", AS_OF], demo.root, demo.env);
    expect(text.stdout).toContain("for stack prod, prod-north (the 2 shards of tenant contoso)");
    expect(text.stdout).toContain("stacks prod, prod-north");
    // A sibling's error stops the whole tenant's comparison: its guests would look undeclared.
    const { writeFileSync } = await import("node:fs");
    writeFileSync(join(demo.root, "stacks/prod-north.yaml"), shard("guests/north*.yaml") + "policy: {}\n");
    const broken = await runCli(["drift", "--as-of", AS_OF], demo.root, demo.env);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain("stacks/prod-north.yaml:3:1 error:");
  });
});

describe("guestops import", () => {
  it("--dry-run prints the diff and the import file, and writes nothing", async () => {
    demo = await startDemo();
    const before = readFileSync(join(demo.root, "guests/fabrikam.yaml"), "utf8");
    const r = await runCli(["import", "--dry-run", "--as-of", AS_OF], demo.root, demo.env);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    await expect(r.stdout).toMatchFileSnapshot(golden("import-dry-run.txt"));
    expect(readFileSync(join(demo.root, "guests/fabrikam.yaml"), "utf8")).toBe(before);
    expect(() => readFileSync(join(demo!.root, "pulumi-import.json"))).toThrow();
  });

  it("keeps every byte of an existing file, then validate passes and plan invites nobody it adopted", async () => {
    demo = await startDemo({ git: true });
    const before = readFileSync(join(demo.root, "guests/fabrikam.yaml"), "utf8");
    const r = await runCli(["import", "--as-of", AS_OF], demo.root, demo.env);
    expect(r.code).toBe(0);
    const after = readFileSync(join(demo.root, "guests/fabrikam.yaml"), "utf8");
    expect(after.startsWith(before)).toBe(true);
    expect(readFileSync(join(demo.root, "guests/tailspin-example.yaml"), "utf8")).toContain("objectId: 000009e5-0000-4000-8000-000000000011");
    const importFile = JSON.parse(readFileSync(join(demo.root, "pulumi-import.json"), "utf8")) as { resources: { type: string; name: string; id: string }[] };
    await expect(JSON.stringify(importFile, null, 2)).toMatchFileSnapshot(golden("pulumi-import.json"));

    // Unconfirmed, the adoption cannot merge: each placeholder is an error that says what to confirm.
    const unconfirmed = await runCli(["validate", "--as-of", AS_OF, "--format", "json"], demo.root, {});
    expect(unconfirmed.code).toBe(1);
    const placeholders = (JSON.parse(unconfirmed.stdout) as { errors: { file: string; line: number; rule: string; message: string }[] }).errors;
    expect(placeholders.map((e) => [e.file, e.rule])).toEqual([
      ["guests/fabrikam.yaml", "importConfirmed"],
      ["guests/tailspin-example.yaml", "importConfirmed"],
      ["guests/tailspin-example.yaml", "importConfirmed"],
    ]);
    expect(placeholders[0]!.message).toContain('the justification of "oliver.grant@fabrikam.com" is guestops import\'s placeholder');
    expect(placeholders[0]!.message).toContain("check that the sponsor answers for the guest and that expires is right");
    expect(placeholders[1]!.message).toContain("write the partner organisation's name");
    expect(after.split("\n")[placeholders[0]!.line - 1]).toMatch(/^ {4}justification: "?CONFIRM: /);

    // A person confirms each entry.
    const { writeFileSync } = await import("node:fs");
    const confirm = (path: string) => {
      const text = readFileSync(join(demo!.root, path), "utf8");
      writeFileSync(join(demo!.root, path), text.replace(/justification: .*CONFIRM: .*$/gm, "justification: CHG-2001 access confirmed with the sponsor").replace(/partner: .*CONFIRM: .*$/m, "partner: Tailspin Toys"));
    };
    confirm("guests/fabrikam.yaml");
    confirm("guests/tailspin-example.yaml");
    const validate = await runCli(["validate", "--as-of", AS_OF], demo.root, {});
    expect(validate.code).toBe(0);
    const plan = await runCli(["plan", "--as-of", AS_OF, "--format", "json"], demo.root, {});
    expect(plan.code).toBe(0);
    const changes = (JSON.parse(plan.stdout) as { changes: { type?: string; name?: string; op?: string; kind?: string; key?: string }[] }).changes;
    const touching = (email: string) => changes.filter((c) => JSON.stringify(c).includes(email));
    for (const email of ["oliver.grant@fabrikam.com", "mia.tanaka@tailspin.example"]) {
      expect(touching(email).length).toBeGreaterThan(0);
      expect(touching(email).filter((c) => JSON.stringify(c).includes("invitation:Invitation"))).toEqual([]);
    }
    // Every membership and assignment the plan creates for them is in the import file, by name.
    const names = new Set(importFile.resources.map((x) => x.name));
    expect(names).toEqual(new Set(["erp-project/oliver.grant@fabrikam.com", "expenses/Submitter/oliver.grant@fabrikam.com", "supplier-portal/mia.tanaka@tailspin.example", "supplier-portal/Reader/mia.tanaka@tailspin.example"]));
    // And a second import finds nothing left to adopt.
    const again = await runCli(["import", "--dry-run", "--as-of", AS_OF], demo.root, demo.env);
    expect(again.stdout).toContain("Nothing to adopt");
  });

  it("gives each app role assignment of the demo tenant its own id, and the import file each its own", async () => {
    demo = await startDemo();
    const ids = demo.double.tenant.servicePrincipals.flatMap((sp) => sp.assignments.map((a) => a.id));
    expect(new Set(ids).size).toBe(ids.length);
    const r = await runCli(["import", "--dry-run", "--as-of", AS_OF, "--format", "json"], demo.root, demo.env);
    const resources = (JSON.parse(r.stdout) as { importFile: { resources: { id: string }[] } }).importFile.resources;
    expect(new Set(resources.map((x) => x.id)).size).toBe(resources.length);
  });

  it("refuses an assignment id that Graph returns twice, naming both, and writes nothing", async () => {
    demo = await startDemo();
    const sps = demo.double.tenant.servicePrincipals;
    const expenses = sps.find((sp) => sp.id === "0c7ae4ff-5aba-4082-aa54-97642eeaa962")!;
    const portal = sps.find((sp) => sp.displayName === "Supplier Portal")!;
    portal.assignments[0]!.id = expenses.assignments[0]!.id;
    const r = await runCli(["import", "--as-of", AS_OF], demo.root, demo.env);
    expect(r.code).toBe(5);
    expect(r.stderr).toContain(`Graph returned an app role assignment id twice: "${expenses.assignments[0]!.id}" to principal ${expenses.assignments[0]!.principalId} in app expenses`);
    expect(r.stderr).toContain(`and to principal ${portal.assignments[0]!.principalId} in app supplier-portal`);
    expect(r.stderr).toMatch(/^hint: nothing was written/m);
    expect(() => readFileSync(join(demo!.root, "pulumi-import.json"))).toThrow();
    expect(() => readFileSync(join(demo!.root, "guests/tailspin-example.yaml"))).toThrow();
  });

  it("leaves out a guest whose address is not in a plain DNS domain, and writes no file for it", async () => {
    demo = await startDemo();
    const mia = demo.double.tenant.users.find((u) => u.mail === "mia.tanaka@tailspin.example")!;
    mia.mail = "mia@x/fabrikam.com";
    const r = await runCli(["import", "--as-of", AS_OF], demo.root, demo.env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('not adopted: mia@x/fabrikam.com: the account\'s address "mia@x/fabrikam.com" is not in a plain DNS domain');
    expect(readdirSync(join(demo.root, "guests"), { recursive: true }).sort()).toEqual(["fabrikam.yaml", "northwind.yaml"]);
  });

  it("writes no file that the stack would not read", async () => {
    const files = exampleFiles();
    const stack = files["stacks/prod.yaml"]!.replace("internalDomains: [contoso.com]", "internalDomains: [contoso.com]\nguestFiles: [guests/fabrikam.yaml, guests/northwind.yaml]");
    demo = await startDemo({ files: { "stacks/prod.yaml": stack } });
    const r = await runCli(["import", "--as-of", AS_OF], demo.root, demo.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("guests/tailspin-example.yaml would not be read by stacks/prod.yaml (guestFiles: guests/fabrikam.yaml, guests/northwind.yaml), so nothing was written");
    expect(readFileSync(join(demo.root, "guests/fabrikam.yaml"), "utf8")).toBe(files["guests/fabrikam.yaml"]);
  });
});
