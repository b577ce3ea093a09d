// One reading of each Graph answer the guardrails come from: the providers (tenant-settings-graph.ts) and
// drift/status (parse-tenant-policy.ts) cannot disagree on it. An answer one of them finds malformed the
// other fails on with the same message; a value guestops does not know is a note for the reader and the
// reason the provider writes nothing; an answer the provider accepts, the reader reads without a note, to
// the same values.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GraphError } from "../../src/graph/graph-error";
import { parseCrossTenantDefault, parseDomainList, parsePartners, parseAuthorizationPolicy } from "../../src/graph/parse-tenant-policy";
import { parseAuthorization, parseB2BPolicies, parsePartner } from "../../src/graph/tenant-settings-graph";
import { GUEST_USER_ROLE_IDS } from "../../src/model/tenant-policy";
import { domainListDefinition, GUEST_ROLE, partnerOf } from "../graph-double/tenant-policies";

const R = "GET /v1.0/policies/x";
const FABRIKAM = "3f2a9c1e-7b4d-4e8a-9c21-5d6e7f8a9b0c";
const NO_TRUST = { trustMfa: false, trustCompliantDevice: false };

type Outcome = { ok: true; notes: string[] } | { ok: false; message: string };

function outcome(run: (notes: string[]) => void): Outcome {
  const notes: string[] = [];
  try {
    run(notes);
    return { ok: true, notes };
  } catch (err) {
    if (!(err instanceof GraphError)) throw err;
    return { ok: false, message: err.message };
  }
}

/** Each shape as both readers take it: the reader's notes or error, the provider's values or refusal. */
const shapes = {
  authorization: (body: unknown) => ({
    reader: outcome((notes) => notes.push(...parseAuthorizationPolicy(R, body as Record<string, unknown>).notes)),
    provider: outcome(() => parseAuthorization(R, body)),
  }),
  partner: (row: unknown) => ({
    reader: outcome((notes) => parsePartners(R, [row], NO_TRUST, notes)),
    provider: outcome(() => parsePartner(R, row, FABRIKAM)),
  }),
  b2b: (rows: unknown[]) => ({
    reader: outcome((notes) => parseDomainList(R, rows, notes)),
    provider: outcome(() => parseB2BPolicies(R, { value: rows })),
  }),
};

const b2b = (definition: unknown, extra: Record<string, unknown> = {}) => ({
  id: "p1",
  displayName: "B2B",
  isOrganizationDefault: true,
  definition,
  ...extra,
});
const inbound = (applications: unknown) =>
  partnerOf(FABRIKAM, {
    b2bCollaborationInbound: { usersAndGroups: null, applications },
  });

describe("a malformed answer fails both readers with the same message", () => {
  it.each([
    {
      desc: "allowInvitesFrom a number",
      shape: "authorization",
      answer: { allowInvitesFrom: 3, guestUserRoleId: GUEST_ROLE.limited },
      message: "Graph's allowInvitesFrom is missing or not a string",
    },
    {
      desc: "guestUserRoleId missing",
      shape: "authorization",
      answer: { allowInvitesFrom: "none" },
      message: "Graph's guestUserRoleId is missing or not a string",
    },
    {
      desc: "an inboundTrust flag that is a string",
      shape: "partner",
      answer: partnerOf(FABRIKAM, { inboundTrust: { isMfaAccepted: "yes" } }),
      message: `Graph's partner ${FABRIKAM}.inboundTrust.isMfaAccepted is not true, false or null`,
    },
    {
      desc: "inbound apps without targets",
      shape: "partner",
      answer: inbound({ accessType: "allowed" }),
      message: `Graph's partner ${FABRIKAM}.b2bCollaborationInbound.applications is not an accessType and a targets list`,
    },
    {
      desc: "an inbound target with a control character",
      shape: "partner",
      answer: inbound({
        accessType: "allowed",
        targets: [{ target: "x\u0007", targetType: "application" }],
      }),
      message: `Graph's partner ${FABRIKAM}.b2bCollaborationInbound.applications target 1 is not an id and a type`,
    },
    {
      desc: "two organization defaults",
      shape: "b2b",
      answer: [b2b([domainListDefinition("deny", ["gmail.com"])]), b2b([domainListDefinition("deny", ["gmail.com"])], { id: "p2" })],
      message: "Graph's answer has 2 organization default policies; a tenant has one",
    },
    {
      desc: "a definition of two strings",
      shape: "b2b",
      answer: [b2b(["{}", "{}"])],
      message: "Graph's B2B management policy definition holds 2 strings, not one",
    },
    {
      desc: "a definition without B2BManagementPolicy",
      shape: "b2b",
      answer: [b2b(["{}"])],
      message: "Graph's B2B management policy definition has no B2BManagementPolicy object",
    },
    {
      desc: "an AllowedDomains that is no list",
      shape: "b2b",
      answer: [b2b(['{"B2BManagementPolicy":{"InvitationsAllowedAndBlockedDomainsPolicy":{"AllowedDomains":"fabrikam.com"}}}'])],
      message: "Graph's InvitationsAllowedAndBlockedDomainsPolicy.AllowedDomains is not a list",
    },
    {
      desc: "a policy over Entra's 25,000 characters",
      shape: "b2b",
      answer: [
        b2b([
          domainListDefinition(
            "deny",
            Array.from({ length: 2100 }, (_, i) => `d${i}.example`),
          ),
        ]),
      ],
      message: /^Graph's B2B management policy definition is \d+ characters, more than the 25000 Entra allows$/,
    },
  ] as const)("$desc", ({ shape, answer, message }) => {
    const { reader, provider } = shapes[shape](answer as never);
    expect(reader.ok).toBe(false);
    const text = (reader as { message: string }).message;
    expect(text.slice(0, R.length + 2)).toBe(`${R}: `);
    if (typeof message === "string") expect(text.slice(R.length + 2)).toBe(message);
    else expect(text.slice(R.length + 2)).toMatch(message);
    expect(provider).toEqual(reader);
  });
});

describe("a value guestops does not know is a note for the reader, and the provider's reason to write nothing", () => {
  it.each([
    {
      desc: "an allowInvitesFrom Graph added later",
      shape: "authorization",
      answer: {
        allowInvitesFrom: "unknownFutureValue",
        guestUserRoleId: GUEST_ROLE.limited,
      },
      note: 'the tenant\'s allowInvitesFrom is "unknownFutureValue", not one of none, adminsAndGuestInviters, adminsGuestInvitersAndAllMembers, everyone: guestops does not know it, and shows the setting as unknown',
      refusal: 'Graph\'s answer has allowInvitesFrom "unknownFutureValue", not one of none, adminsAndGuestInviters, adminsGuestInvitersAndAllMembers, everyone',
    },
    {
      desc: "a guest role that is none of the three",
      shape: "authorization",
      answer: {
        allowInvitesFrom: "none",
        guestUserRoleId: "62e90394-69f5-4237-9190-012177145e10",
      },
      note: 'the tenant\'s guestUserRoleId is "62e90394-69f5-4237-9190-012177145e10", not the id of one of the three guest user roles: guestops does not know it, and shows the setting as unknown',
      refusal: 'Graph\'s answer has guestUserRoleId "62e90394-69f5-4237-9190-012177145e10", not the id of one of the three guest user roles',
    },
    {
      desc: "an inbound accessType Graph added later",
      shape: "partner",
      answer: inbound({ accessType: "unknownFutureValue", targets: [] }),
      note: `the tenant's partner ${FABRIKAM}.b2bCollaborationInbound.applications.accessType is "unknownFutureValue", not allowed or blocked: guestops does not know it, and counts only that the partner's inbound is set`,
      refusal: `Graph's answer has partner ${FABRIKAM}.b2bCollaborationInbound.applications.accessType "unknownFutureValue", not allowed or blocked`,
    },
    {
      desc: "a listed entry that is not a domain",
      shape: "b2b",
      answer: [b2b([domainListDefinition("allow", ["fabrikam.com", "*.msn.com"])])],
      note: 'the tenant\'s AllowedDomains entry is "*.msn.com", not a domain name: guestops does not know it, and leaves it out',
      refusal: 'Graph\'s answer has AllowedDomains entry "*.msn.com", not a domain name',
    },
  ] as const)("$desc", ({ shape, answer, note, refusal }) => {
    const { reader, provider } = shapes[shape](answer as never);
    expect(reader).toEqual({ ok: true, notes: [note] });
    expect(provider).toEqual({ ok: false, message: `${R}: ${refusal}` });
  });
});

describe("an answer the provider accepts, the reader reads without a note, to the same values", () => {
  const role = fc.oneof(fc.constantFrom(...Object.values(GUEST_USER_ROLE_IDS)), fc.uuid(), fc.string());
  const invites = fc.oneof(fc.constantFrom("none", "adminsAndGuestInviters", "adminsGuestInvitersAndAllMembers", "everyone"), fc.string(), fc.jsonValue());
  const flag = fc.oneof(fc.boolean(), fc.constant(null), fc.constant(undefined), fc.jsonValue());

  it("authorizationPolicy", () => {
    fc.assert(
      fc.property(invites, role, (allowInvitesFrom, guestUserRoleId) => {
        const body = { allowInvitesFrom, guestUserRoleId };
        const { reader, provider } = shapes.authorization(body);
        if (provider.ok) {
          expect(reader).toEqual({ ok: true, notes: [] });
          const read = parseAuthorizationPolicy(R, body);
          const wrote = parseAuthorization(R, body);
          expect(read.allowInvitesFrom).toBe(wrote.allowInvitesFrom);
          expect(GUEST_USER_ROLE_IDS[read.guestAccess!]).toBe(wrote.guestUserRoleId);
        } else {
          expect(reader.ok ? reader.notes.length : 1).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("a partner's inbound trust, where a flag the partner leaves null follows the default for the reader and stays null for restore", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.constant(null),
          fc.record({
            isMfaAccepted: flag,
            isCompliantDeviceAccepted: flag,
            isHybridAzureADJoinedDeviceAccepted: flag,
          }),
        ),
        fc.boolean(),
        (inboundTrust, defaultMfa) => {
          const row = partnerOf(FABRIKAM, { inboundTrust });
          const { reader, provider } = shapes.partner(row);
          expect(provider.ok).toBe(reader.ok);
          if (!provider.ok) {
            expect(provider).toEqual(reader);
            return;
          }
          const wrote = parsePartner(R, row, FABRIKAM);
          const [read] = parsePartners(R, [row], {
            trustMfa: defaultMfa,
            trustCompliantDevice: false,
          });
          expect(read!.inheritsTrust).toBe(wrote.inboundTrust === null);
          expect(read!.trustMfa).toBe(wrote.inboundTrust?.isMfaAccepted ?? defaultMfa);
          if (inboundTrust !== null) expect(wrote.inboundTrust!.isMfaAccepted).toBe(typeof inboundTrust.isMfaAccepted === "boolean" ? inboundTrust.isMfaAccepted : null);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("the default's inbound trust is read by the same check", () => {
    expect(() => parseCrossTenantDefault(R, { inboundTrust: { isMfaAccepted: 1 } })).toThrow("Graph's default.inboundTrust.isMfaAccepted is not true, false or null");
    expect(
      parseCrossTenantDefault(R, {
        inboundTrust: { isMfaAccepted: true, isCompliantDeviceAccepted: null },
      }),
    ).toEqual({ trustMfa: true, trustCompliantDevice: false });
  });

  it("the B2B domain list: a policy not marked as the organization default is in force for neither", () => {
    const lone = [
      b2b([domainListDefinition("allow", ["fabrikam.com"])], {
        isOrganizationDefault: false,
      }),
    ];
    expect(parseB2BPolicies(R, { value: lone })).toBeUndefined();
    expect(parseDomainList(R, lone, [])).toEqual({ mode: "off", domains: [] });
    const both = [b2b([domainListDefinition("allow", ["Fabrikam.com", "northwind.example"])])];
    expect(parseB2BPolicies(R, { value: both })?.domains).toEqual({
      AllowedDomains: ["Fabrikam.com", "northwind.example"],
    });
    expect(parseDomainList(R, both, [])).toEqual({
      mode: "allow",
      domains: ["fabrikam.com", "northwind.example"],
      policyId: "p1",
    });
  });
});
