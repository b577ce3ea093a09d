// The adoption core: entries written into existing files keep every byte before them, mean exactly
// what was meant whatever Graph says a guest is called, and stay inside the policy.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { buildAdoption, type AdoptionInput } from "../../src/graph/build-adoption";
import type { UndeclaredGuest } from "../../src/graph/build-drift";
import { emailOfGuestUpn } from "../../src/graph/match-guests";
import { exampleFiles } from "./demo-repo";

const files = exampleFiles();
const stack = parse(files["stacks/prod.yaml"]!);

function input(undeclared: UndeclaredGuest[], overrides: Partial<AdoptionInput> = {}): AdoptionInput {
  return {
    asOf: "2026-12-01",
    stack,
    guestFiles: ["guests/fabrikam.yaml", "guests/northwind.yaml"].map((path) => ({ path, text: files[path]!, value: parse(files[path]!) })),
    newFileDir: "guests",
    undeclared,
    ...overrides,
  };
}

const guest = (email: string, displayName: string | undefined, grants: UndeclaredGuest["grants"] = [{ kind: "group", key: "erp-project", id: "2bfefbfd-29d1-44bb-a135-061c81b2ada8" }]): UndeclaredGuest => ({
  email,
  objectId: "0f0f0f0f-0000-4000-8000-000000000001",
  ...(displayName !== undefined && { displayName }),
  grants,
});

describe("buildAdoption", () => {
  it("keeps any display name from Graph as data, and every earlier byte of the file", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.constantFrom("guests/fabrikam.yaml"), (name, path) => {
        const adoption = buildAdoption(input([guest("zoe@fabrikam.com", name)]));
        const change = adoption.files.find((f) => f.path === path)!;
        expect(change.after.startsWith(change.before!)).toBe(true);
        const guests = (parse(change.after) as { guests: Record<string, unknown>[] }).guests;
        expect(guests.slice(0, -1)).toEqual((parse(change.before!) as { guests: unknown[] }).guests);
        expect(guests.at(-1)).toMatchObject({ email: "zoe@fabrikam.com", displayName: name.trim() ? name : "zoe@fabrikam.com", objectId: "0f0f0f0f-0000-4000-8000-000000000001" });
      }),
      { numRuns: 200 },
    );
  });

  it("puts a guest in its partner's file, or a new one for a new domain", () => {
    const adoption = buildAdoption(input([guest("zoe@fabrikam.com", "Zoe"), guest("yan@eu.northwind.example", "Yan"), guest("xi@tailspin.example", "Xi")]));
    expect(adoption.adopted.map((a) => [a.email, a.file])).toEqual([
      ["zoe@fabrikam.com", "guests/fabrikam.yaml"],
      ["yan@eu.northwind.example", "guests/northwind.yaml"],
      ["xi@tailspin.example", "guests/tailspin-example.yaml"],
    ]);
    expect(parse(adoption.files.find((f) => f.path === "guests/tailspin-example.yaml")!.after)).toMatchObject({ partner: "CONFIRM: the partner's name for tailspin.example", domains: ["tailspin.example"] });
  });

  it("bounds expiry by the tightest limit, sponsors by the group's first owner, and marks the entry", () => {
    const finance = { kind: "group" as const, key: "finance-reporting", id: "5f0c81cf-53fd-4b6a-92fb-cfeb01814223" };
    const change = buildAdoption(input([guest("zoe@fabrikam.com", "Zoe", [finance])])).files[0]!;
    const entry = (parse(change.after) as { guests: Record<string, unknown>[] }).guests.at(-1)!;
    expect(entry).toMatchObject({ expires: "2027-03-01", sponsor: "olivia.chen@contoso.com", groups: ["finance-reporting"] });
    expect(entry.justification).toMatch(/^CONFIRM: adopted from the tenant on 2026-12-01 by guestops import, with the access it held \(finance-reporting\); check the sponsor and expires/);
    expect(change.after).toContain("# CONFIRM: adopted from the tenant on 2026-12-01");
    const tight = buildAdoption(input([guest("zoe@fabrikam.com", "Zoe")], { stack: { ...stack, policy: { ...stack.policy, maxExpiryDays: 30 } } })).files[0]!;
    expect((parse(tight.after) as { guests: Record<string, unknown>[] }).guests.at(-1)!.expires).toBe("2026-12-31");
  });

  it.each([
    ["an internal address", "mei.lin@contoso.com", /internal domain/],
    ["a consumer mail address", "someone@gmail.com", /policy\.blockedDomains/],
    ["no usable address", "not an address", /no usable email address/],
  ])("leaves out %s with the reason", (_, email, reason) => {
    const adoption = buildAdoption(input([guest(email, "X")]));
    expect(adoption.adopted).toEqual([]);
    expect(adoption.files).toEqual([]);
    expect(adoption.skipped[0]!.reason).toMatch(reason);
  });

  it("does not adopt access to a group closed to guests, nor a role the catalog does not name", () => {
    const adoption = buildAdoption(
      input([
        guest("zoe@fabrikam.com", "Zoe", [
          { kind: "group", key: "security-ops", id: "5ff4416e-e3e9-4c8f-a5c2-09b2d270ec2a" },
          { kind: "app", key: "expenses", id: "0c7ae4ff-5aba-4082-aa54-97642eeaa962", role: "4f1b0000-0000-4000-8000-000000000000", assignmentId: "a" },
          { kind: "app", key: "expenses", id: "0c7ae4ff-5aba-4082-aa54-97642eeaa962", role: "Submitter", assignmentId: "b" },
        ]),
      ]),
    );
    expect(adoption.skipped.map((s) => s.reason)).toEqual([expect.stringMatching(/membership of security-ops not adopted/), expect.stringMatching(/role 4f1b0000-.* of app expenses not adopted/)]);
    const entry = (parse(adoption.files[0]!.after) as { guests: Record<string, unknown>[] }).guests.at(-1)!;
    expect(entry).toMatchObject({ apps: [{ app: "expenses", role: "Submitter" }], sponsor: "olivia.chen@contoso.com" });
    expect(entry.groups).toBeUndefined();
  });
});

describe("buildAdoption writes through the one guest editor", () => {
  const fabrikam = files["guests/fabrikam.yaml"]!;
  const adoptInto = (text: string, guests = [guest("zoe@fabrikam.com", "Zoe")]) =>
    buildAdoption(input(guests, { guestFiles: [{ path: "guests/fabrikam.yaml", text, value: parse(text.replace(/^\uFEFF/, "")) }] }));

  it("keeps a file's BOM and CRLF line endings, and writes its entries with them", () => {
    const text = `\uFEFF${fabrikam.replace(/\n/g, "\r\n")}`;
    const change = adoptInto(text, [guest("zoe@fabrikam.com", "Zoe"), guest("yan@fabrikam.com", "Yan")]).files[0]!;
    expect(change.after.startsWith(text)).toBe(true);
    expect(change.after.replace(/\r\n/g, "")).not.toContain("\n");
    expect((parse(change.after.slice(1)) as { guests: { email: string }[] }).guests.slice(-2).map((g) => g.email)).toEqual(["zoe@fabrikam.com", "yan@fabrikam.com"]);
  });

  it("writes an entry as guestops add does: one line per value, spaced as the file's entries are", () => {
    const tight = fabrikam.replace(/\n\n(?= {2}- email:)/g, "\n");
    const change = adoptInto(tight, [guest("zoe@fabrikam.com", "Zoe\nMartin: #1")]).files[0]!;
    const added = change.after.slice(tight.length);
    expect(added).toMatch(/^ {2}# CONFIRM: adopted from the tenant on 2026-12-01 by guestops import\..*\n {2}- email: zoe@fabrikam\.com\n {4}displayName: "Zoe\\nMartin: #1"\n {4}objectId: 0f0f0f0f-0000-4000-8000-000000000001\n/);
    expect((parse(change.after) as { guests: Record<string, unknown>[] }).guests.at(-1)!.displayName).toBe("Zoe\nMartin: #1");
  });

  it("fills an empty guests list in place, keeping the comment after it", () => {
    const empty = fabrikam.slice(0, fabrikam.indexOf("guests:")) + "guests: []   # none yet\n# end\n";
    const change = adoptInto(empty).files[0]!;
    const head = fabrikam.slice(0, fabrikam.indexOf("guests:"));
    expect(change.after.startsWith(`${head}guests:   # none yet\n  # CONFIRM: `)).toBe(true);
    expect(change.after.endsWith("\n# end\n")).toBe(true);
  });

  it("leaves out the guests of a file it cannot edit faithfully, saying where and how to fix it", () => {
    const flow = fabrikam.slice(0, fabrikam.indexOf("guests:")) + "guests: [{ email: ana.silva@fabrikam.com, displayName: Ana, expires: 2027-05-31, justification: CHG-1 x }]\n";
    const adoption = adoptInto(flow);
    expect(adoption.files).toEqual([]);
    expect(adoption.adopted).toEqual([]);
    expect(adoption.skipped).toEqual([{ email: "zoe@fabrikam.com", reason: expect.stringMatching(/^guests\/fabrikam\.yaml:6:9: the guests list is written in flow style .*write it as a block list/) }]);
  });

  it("points a new partner file in a nested folder at the schema from there", () => {
    const change = buildAdoption(input([guest("xi@tailspin.example", "Xi")], { newFileDir: "partners/eu" })).files[0]!;
    expect(change.path).toBe("partners/eu/tailspin-example.yaml");
    expect(change.after.split("\n")[0]).toBe("# yaml-language-server: $schema=../../schemas/guests.schema.json");
  });
});

describe("emailOfGuestUpn", () => {
  it.each([
    ["ana.silva_fabrikam.com#EXT#@contoso.onmicrosoft.com", "ana.silva@fabrikam.com"],
    ["Ana_Silva_fabrikam.com#ext#@contoso.onmicrosoft.com", "ana_silva@fabrikam.com"],
    ["ana.silva@fabrikam.com", undefined],
    ["_fabrikam.com#EXT#@contoso.onmicrosoft.com", undefined],
    ["ana_#EXT#@contoso.onmicrosoft.com", undefined],
    [null, undefined],
  ])("%s is %s", (upn, email) => {
    expect(emailOfGuestUpn(upn)).toBe(email);
  });
});
