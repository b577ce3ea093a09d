// setMapValue, for import: a value is replaced in place or inserted under its nearest mapping, and every
// other byte (comments, quoting, CRLF, a BOM) stays; the result parses to the original with that value.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { setMapValue } from "../../src/edit/insert-map-entry";

const STACK = `# head
tenantId: 94064533-4527-47b7-9975-e04a81fb6295
policy:
  maxExpiryDays: 365
  # a trailing comment of policy
tenantPolicy:
  invitations:
    allowInvitesFrom: adminsAndGuestInviters  # who may invite
  guestAccess: "restricted"
  conditionalAccess: { guestMfa: reportOnly, excludeAccounts: [breakglass@contoso.com] }

# Groups
groups: {}
`;

const text = (r: ReturnType<typeof setMapValue>): string => {
  if ("error" in r) throw new Error(r.error);
  return r.text;
};

describe("setMapValue", () => {
  it.each([
    { desc: "a plain scalar, keeping its comment", path: ["tenantPolicy", "invitations", "allowInvitesFrom"], value: "everyone", from: "allowInvitesFrom: adminsAndGuestInviters  # who", to: "allowInvitesFrom: everyone  # who" },
    { desc: "a quoted scalar, quoted", path: ["tenantPolicy", "guestAccess"], value: "limited", from: 'guestAccess: "restricted"', to: 'guestAccess: "limited"' },
    { desc: "a value in a flow mapping", path: ["tenantPolicy", "conditionalAccess", "guestMfa"], value: "on", from: "{ guestMfa: reportOnly,", to: "{ guestMfa: on," },
    { desc: "a flow list", path: ["tenantPolicy", "conditionalAccess", "excludeAccounts"], value: ["a@contoso.com", "b@contoso.com"], from: "[breakglass@contoso.com]", to: "[a@contoso.com, b@contoso.com]" },
    { desc: "a key missing from a flow mapping", path: ["tenantPolicy", "conditionalAccess", "termsOfUse"], value: "x", from: "excludeAccounts: [breakglass@contoso.com] }", to: "excludeAccounts: [breakglass@contoso.com], termsOfUse: x }" },
    { desc: "a key missing from a block mapping", path: ["tenantPolicy", "domainList"], value: "allow", from: "excludeAccounts: [breakglass@contoso.com] }\n", to: "excludeAccounts: [breakglass@contoso.com] }\n  domainList: allow\n" },
  ])("sets $desc and nothing else", ({ path, value, from, to }) => {
    expect(STACK).toContain(from);
    const after = text(setMapValue(STACK, path, value));
    expect(after).toBe(STACK.replace(from, to));
    const expected = parse(STACK);
    let at = expected;
    for (const k of path.slice(0, -1)) at = at[k];
    at[path[path.length - 1]!] = value;
    expect(parse(after)).toEqual(expected);
  });

  it("inserts a missing section after the named key, below the comments indented under it", () => {
    const after = text(setMapValue(STACK.replace(/tenantPolicy:[\s\S]*?\n\n/, "\n"), ["tenantPolicy", "guestAccess"], "restricted", "policy"));
    expect(after).toContain("  # a trailing comment of policy\ntenantPolicy:\n  guestAccess: restricted\n");
  });

  it("is no edit for an equal value, and refuses a block list it would have to rewrite", () => {
    expect(text(setMapValue(STACK, ["tenantPolicy", "guestAccess"], "restricted"))).toBe(STACK);
    const block = "tenantIds:\n  - 3f2a9c1e-7b4d-4e8a-9c21-5d6e7f8a9b0c\n";
    expect(setMapValue(block, ["tenantIds"], ["x"])).toEqual({ error: "tenantIds is written as a block list; write it in flow style ([...] or { ... }) and run this again" });
  });

  it("keeps CRLF line ends and a BOM", () => {
    const crlf = `\uFEFF${STACK.replace(/\n/g, "\r\n")}`;
    const after = text(setMapValue(crlf, ["tenantPolicy", "domainList"], "deny"));
    expect(after.startsWith("\uFEFF")).toBe(true);
    expect(after.replace(/\r\n/g, "")).not.toContain("\n");
  });

  it("changes only the value's bytes, for any value of a known key", () => {
    fc.assert(
      fc.property(fc.constantFrom("none", "everyone", "adminsAndGuestInviters"), fc.boolean(), (value, crlf) => {
        const before = crlf ? STACK.replace(/\n/g, "\r\n") : STACK;
        const after = text(setMapValue(before, ["tenantPolicy", "invitations", "allowInvitesFrom"], value));
        const at = before.indexOf("adminsAndGuestInviters");
        expect(after.slice(0, at)).toBe(before.slice(0, at));
        expect(after.slice(at + value.length)).toBe(before.slice(at + "adminsAndGuestInviters".length));
      }),
    );
  });
});
