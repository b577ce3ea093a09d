// A Graph that misbehaves, a missing permission or a token for the wrong tenant: each is a clear error
// naming the request and the fix, exit 5, and import writes nothing at all.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { fakeJwt, type Fault } from "../graph-double/graph-double";
import { runCli } from "../cli/run-cli";
import { AS_OF, startDemo, type Demo } from "./demo-repo";

let demo: Demo | undefined;
afterEach(async () => {
  await demo?.double.close();
  demo = undefined;
});

const MEMBERS = /^\/groups\/82e7ee90-b7c9-4ede-be45-54427eb18473\/members/;
const USERS = /^\/users\?\$filter=userType eq 'Guest'/;

const cases: [string, Fault, RegExp][] = [
  ["a persistent 500", { path: MEMBERS, status: 500, times: 99 }, /GET \/v1\.0\/groups\/82e7ee90-b7c9-4ede-be45-54427eb18473\/members\?\$select=id&\$top=999: Graph answered 500 \(UnknownError\)/],
  ["an HTML page", { path: USERS, status: 200, raw: "<!doctype html><title>Sign in</title>", contentType: "text/html; charset=utf-8" }, /GET \/v1\.0\/users\?\$filter=userType%20eq%20'Guest'.*: Graph answered 200 with text\/html, not JSON/],
  ["cut-short JSON", { path: USERS, status: 200, raw: '{"value":[{"id":"00' }, /GET \/v1\.0\/users.*JSON that does not parse/],
  ["a nextLink to another host", { path: USERS, transform: (b) => ({ ...b, "@odata.nextLink": "https://graph.evil.example/v1.0/users?$skiptoken=x" }) }, /leads elsewhere \(https:\/\/graph\.evil\.example\/v1\.0\/users\)/],
  ["an endless nextLink loop", { path: USERS, times: 99, transform: (b, d) => ({ ...b, "@odata.nextLink": `${d.url}/v1.0/users?$filter=userType%20eq%20'Guest'&$skiptoken=loop` }) }, /repeats an earlier page/],
  ["a missing permission", { path: MEMBERS, status: 403, body: { error: { code: "Authorization_RequestDenied", message: "Insufficient privileges", innerError: {} } } }, /403 Graph refused the request \(Authorization_RequestDenied\): the identity lacks GroupMember\.Read\.All/],
];

describe.each(["drift", "import", "status"])("guestops %s", (command) => {
  it.each(cases)("fails clearly on %s", async (_, fault, expected) => {
    demo = await startDemo();
    demo.double.inject(fault);
    const listing = () => readdirSync(join(demo!.root, "guests")).map((f) => readFileSync(join(demo!.root, "guests", f), "utf8"));
    const before = listing();
    const r = await runCli([command, "--as-of", AS_OF], demo.root, demo.env);
    expect(r.stderr).toMatch(expected);
    expect(r.stderr).toMatch(/^hint: /m);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
    expect(r.code).toBe(5);
    expect(listing()).toEqual(before);
    expect(() => readFileSync(join(demo!.root, "pulumi-import.json"))).toThrow();
  });
});

describe("tokens and flags", () => {
  it("refuses a token issued for another tenant before reading anything", async () => {
    demo = await startDemo();
    const r = await runCli(["drift", "--as-of", AS_OF], demo.root, { ...demo.env, GUESTOPS_GRAPH_TOKEN: fakeJwt("0b5e0b5e-0000-4000-8000-000000000000") });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain("the token is for tenant 0b5e0b5e-0000-4000-8000-000000000000, but stack prod is tenant 94064533-4527-47b7-9975-e04a81fb6295");
    expect(r.stderr).toContain("az login --tenant 94064533-4527-47b7-9975-e04a81fb6295");
    expect(demo.double.requests).toBe(0);
  });

  it("names the token problem when Graph refuses the token", async () => {
    demo = await startDemo();
    const r = await runCli(["status", "--as-of", AS_OF], demo.root, { ...demo.env, GUESTOPS_GRAPH_TOKEN: "not-the-token" });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain("401 Graph refused the token (InvalidAuthenticationToken)");
    expect(demo.double.requests).toBeLessThanOrEqual(8);
  });

  it.each([
    [["--graph-url", "http://graph.example.com"], /--graph-url: "http:\/\/graph\.example\.com" is not https/],
    [["--credential", "password"], /"password" is not a credential kind/],
    [["--inactive-days", "soon"], /--inactive-days "soon" is not a number of days/],
  ])("refuses %j", async (args, expected) => {
    demo = await startDemo();
    const r = await runCli(["status", "--as-of", AS_OF, ...args], demo.root, demo.env);
    expect(r.stderr).toMatch(expected);
    expect(r.code).toBe(2);
  });
});

describe("values from Graph cannot forge output", () => {
  const HOSTILE = "Eve ##vso[task.setvariable variable=deploy]yes ##[error]x \u202eevil\u001b[2J";
  it.each([
    ["drift", "text"],
    ["drift", "markdown"],
    ["drift", "json"],
    ["import", "text"],
    ["import", "json"],
  ])("%s --format %s", async (command, format) => {
    demo = await startDemo();
    const oliver = demo.double.tenant.users.find((u) => u.mail === "oliver.grant@fabrikam.com")!;
    oliver.displayName = HOSTILE;
    // A declared guest's record too, for status.
    demo.double.tenant.users.find((u) => u.mail === "ana.silva@fabrikam.com")!.externalUserState = HOSTILE as never;
    const r = await runCli([command, "--as-of", AS_OF, "--format", format, ...(command === "import" ? ["--dry-run"] : [])], demo.root, demo.env);
    expect(r.stderr).toBe("");
    expect(r.stdout).not.toMatch(/##(vso)?\[/i);
    expect(r.stdout).not.toMatch(/[\u001b\u202e]/);
    if (format === "json") expect(() => JSON.parse(r.stdout)).not.toThrow();
  });

  it("status --format csv shows no hidden characters", async () => {
    demo = await startDemo();
    demo.double.tenant.users.find((u) => u.mail === "ana.silva@fabrikam.com")!.externalUserState = HOSTILE as never;
    const r = await runCli(["status", "--as-of", AS_OF, "--format", "csv"], demo.root, demo.env);
    expect(r.stdout).not.toMatch(/[\u001b\u202e]/);
  });

  it("writes a hostile display name into YAML as data, and the file stays valid", async () => {
    demo = await startDemo();
    const name = 'x: [y]\n- email: mallory@fabrikam.com # "';
    demo.double.tenant.users.find((u) => u.mail === "oliver.grant@fabrikam.com")!.displayName = name;
    const r = await runCli(["import", "--as-of", AS_OF], demo.root, demo.env);
    expect(r.code).toBe(0);
    const guests = (parse(readFileSync(join(demo.root, "guests/fabrikam.yaml"), "utf8")) as { guests: { email: string; displayName: string }[] }).guests;
    expect(guests.map((g) => g.email)).not.toContain("mallory@fabrikam.com");
    expect(guests.at(-1)).toMatchObject({ email: "oliver.grant@fabrikam.com", displayName: name });
    // Valid but for the placeholder a person replaces: the hostile name is no error of its own.
    const errors = (JSON.parse((await runCli(["validate", "--as-of", AS_OF, "--format", "json"], demo.root, {})).stdout) as { errors: { rule: string }[] }).errors;
    expect(errors.map((e) => e.rule)).toEqual(["importConfirmed", "importConfirmed", "importConfirmed"]);
  });
});
