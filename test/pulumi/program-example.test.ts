// The program entry on the example stack (stacks/prod.yaml + guests/, the tests' copy in test/fixtures/example),
// under mocks.
// Mocks are installed before the program module is imported, as Pulumi's own unit-test guide does.
import * as pulumi from "@pulumi/pulumi";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { loadRepo } from "../../src/load/load-repo";
import { workingTree } from "../../src/load/read-working-tree";
import { buildDesiredState } from "../../src/model/build-desired-state";
import {
  APP_ROLE_ASSIGNMENT,
  GROUP_MEMBER,
  GUEST_LIFECYCLE,
  INVITATION,
  INVITATION_IGNORE_CHANGES,
  PROVIDER,
  PROVIDER_NAME,
  resourcesFor,
  type ResourceSpec,
} from "../../src/model/resources-for";
import type { StackOutputs } from "../../src/pulumi/build-outputs";
import { startGraphDouble, type GraphDouble } from "../graph-double/graph-double";
import { seedExampleTenant } from "../graph-double/seed-example";
import { EXAMPLE_ROOT } from "../helpers/example";
import { installMocks, mockRedeemUrl, mockUserId, valueOf, type Recorder, type Registration } from "./record-registrations";

// The program entry reads the repository it is installed in; here it reads the tests' copy of the example,
// so that this file passes in a fork whose own tenant replaced the example.
vi.mock("../../src/pulumi/run-program", async (original) => {
  const actual = await original<typeof import("../../src/pulumi/run-program")>();
  const { EXAMPLE_ROOT, REPO_ROOT } = await import("../helpers/example.js");
  return { ...actual, runProgram: (opts: Parameters<typeof actual.runProgram>[0]) => actual.runProgram(opts.root === REPO_ROOT ? { ...opts, root: EXAMPLE_ROOT } : opts) };
});

const AS_OF = "2026-12-01";
// Inputs the azuread SDK adds to every Provider from its own defaults and ARM_* variables.
const SDK_PROVIDER_DEFAULTS = ["environment", "useMsi", "msiEndpoint", "useCli", "useOidc", "useAksWorkloadIdentity", "disableTerraformPartnerId"];

let recorder: Recorder;
let outputs: StackOutputs;
let expected: ResourceSpec[];
let byName: Map<string, Registration>;

let double: GraphDouble;
const savedEnv = { url: process.env.GUESTOPS_GRAPH_URL, token: process.env.GUESTOPS_GRAPH_TOKEN };

beforeAll(async () => {
  // A `pulumi up` against the demo tenant, after a deploy that invited every declared guest but Kwame
  // (the one the demo tenant does not hold yet): the program checks his address before inviting him.
  const desired = buildDesiredState(await loadRepo(workingTree(EXAMPLE_ROOT), "prod"), AS_OF);
  const invited = desired.guests.filter((g) => !g.objectId && g.status !== "gone" && g.key !== "kwame.mensah@fabrikam.com");
  double = await startGraphDouble(seedExampleTenant(EXAMPLE_ROOT));
  Object.assign(process.env, { GUESTOPS_GRAPH_URL: double.url, GUESTOPS_GRAPH_TOKEN: double.token });
  recorder = await installMocks("prod", false, { invitations: Object.fromEntries(invited.map((g) => [g.key, { userId: mockUserId(g.key) }])) });
  pulumi.runtime.setAllConfig({ "guestops:asOf": AS_OF });
  const { program } = await import("../../src/pulumi/index.js");
  outputs = await program();
  expected = resourcesFor(desired);
  await recorder.waitFor(expected.length);
  await new Promise((resolve) => setTimeout(resolve, 50)); // anything registered beyond the list shows up now
  byName = new Map(recorder.registrations.map((r) => [`${r.type} ${r.name}`, r]));
});

afterAll(async () => {
  for (const [key, value] of [["GUESTOPS_GRAPH_URL", savedEnv.url], ["GUESTOPS_GRAPH_TOKEN", savedEnv.token]] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  await double?.close();
});

test("at pulumi up, only the address new to the stack is looked up in the tenant", () => {
  const lookups = double.log.filter((l) => l.startsWith("GET /users?"));
  expect(lookups).toHaveLength(3);
  for (const l of lookups) expect(l).toContain("kwame.mensah");
});

const get = (type: string, name: string): Registration => {
  const r = byName.get(`${type} ${name}`);
  if (!r) throw new Error(`${type} ${name} was not registered`);
  return r;
};

describe("the example stack", () => {
  test("registers exactly the resources resourcesFor lists: types, names and inputs", () => {
    expect(expected.length).toBeGreaterThan(20);
    const key = (r: { type: string; name: string }) => `${r.type} ${r.name}`;
    expect(recorder.registrations.map(key).sort()).toEqual(expected.map(key).sort());
    for (const spec of expected) {
      const actual = get(spec.type, spec.name);
      if (spec.type === GUEST_LIFECYCLE) {
        // A dynamic resource carries its provider's code as `__provider`, and declares its sponsorIds output.
        const { __provider, sponsorIds, ...inputs } = actual.inputs;
        expect(__provider, spec.name).toBeTypeOf("string");
        expect(sponsorIds, spec.name).toBeUndefined();
        expect(inputs).toEqual(resolved(spec.inputs));
        continue;
      }
      if (spec.type !== PROVIDER) {
        expect(actual.inputs).toEqual(resolved(spec.inputs));
        continue;
      }
      expect(actual.inputs).toMatchObject(spec.inputs);
      const extra = Object.keys(actual.inputs).filter((k) => !(k in spec.inputs));
      expect(SDK_PROVIDER_DEFAULTS).toEqual(expect.arrayContaining(extra));
    }
  });

  test("every resource but the provider uses the explicit provider built from the stack's tenantId", () => {
    expect(get(PROVIDER, PROVIDER_NAME).inputs.tenantId).toBe("94064533-4527-47b7-9975-e04a81fb6295");
    // GuestLifecycle is a dynamic resource: its provider is its own code, which reads credentials at deploy time.
    for (const r of recorder.registrations.filter((r) => r.type !== PROVIDER)) expect(r.provider, r.name).toBe(r.type === GUEST_LIFECYCLE ? undefined : PROVIDER_NAME);
  });

  test("invitations are retained on delete and ignore every input after creation; grants are not retained", () => {
    const invitations = recorder.registrations.filter((r) => r.type === INVITATION);
    expect(invitations).toHaveLength(9);
    for (const r of invitations) {
      expect(r.retainOnDelete, r.name).toBe(true);
      expect(r.ignoreChanges, r.name).toEqual(INVITATION_IGNORE_CHANGES);
      expect(r.deleteBeforeReplace, r.name).toBe(false);
      // Every input the provider would replace on is ignored, so nothing can replace (delete) the guest.
      expect(Object.keys(r.inputs).filter((k) => !r.ignoreChanges.includes(k)), r.name).toEqual([]);
    }
    for (const r of recorder.registrations.filter((r) => r.type === GROUP_MEMBER || r.type === APP_ROLE_ASSIGNMENT)) {
      expect(r.retainOnDelete, r.name).toBeUndefined();
      expect(r.ignoreChanges, r.name).toEqual([]);
      // Same group and member: the replacement could not be created while the old one exists.
      expect(r.deleteBeforeReplace, r.name).toBe(true);
    }
  });

  test("memberships and assignments use the invitation's userId output, and depend on the invitation", () => {
    const member = get(GROUP_MEMBER, "finance-reporting/chloe.dubois@fabrikam.com");
    expect(member.inputs.memberObjectId).toBe(mockUserId("chloe.dubois@fabrikam.com"));
    expect(member.dependencies).toContain("chloe.dubois@fabrikam.com");
    expect(member.propertyDependencies.memberObjectId).toEqual(["chloe.dubois@fabrikam.com"]);
    const assignment = get(APP_ROLE_ASSIGNMENT, "expenses/Approver/chloe.dubois@fabrikam.com");
    expect(assignment.inputs.principalObjectId).toBe(mockUserId("chloe.dubois@fabrikam.com"));
    expect(assignment.propertyDependencies.principalObjectId).toEqual(["chloe.dubois@fabrikam.com"]);
    expect(get(APP_ROLE_ASSIGNMENT, "expenses/isabel.moreno@northwind.example").inputs.appRoleId).toBe("00000000-0000-0000-0000-000000000000");
  });

  test("adopted guests get no invitation; their grants use the objectId and depend on nothing", () => {
    for (const email of ["david.kim@fabrikam.com", "lucia.ferrari@northwind.example"]) {
      expect(byName.has(`${INVITATION} ${email}`), email).toBe(false);
      const grants = recorder.registrations.filter((r) => r.name.endsWith(`/${email}`));
      expect(grants.length, email).toBeGreaterThan(0);
      for (const g of grants) expect(g.dependencies, g.name).toEqual([]);
    }
    expect(get(GROUP_MEMBER, "erp-project/david.kim@fabrikam.com").inputs.memberObjectId).toBe("ae9587fe-cd5c-4dd9-80fa-9c824512b27a");
    expect(get(APP_ROLE_ASSIGNMENT, "supplier-portal/Reader/lucia.ferrari@northwind.example").inputs.principalObjectId).toBe("c99c9aba-45c7-4dc0-9f0e-25e37ee4e7d5");
  });

  test("an expired guest keeps the invitation but has no membership or assignment, and sign-in is blocked", () => {
    expect(get(INVITATION, "henrik.larsen@northwind.example").retainOnDelete).toBe(true);
    expect(recorder.registrations.filter((r) => r.name.endsWith("/henrik.larsen@northwind.example")).map((r) => r.name)).toEqual(["lifecycle/henrik.larsen@northwind.example"]);
    expect(get(GUEST_LIFECYCLE, "lifecycle/henrik.larsen@northwind.example").inputs).toMatchObject({ userId: mockUserId("henrik.larsen@northwind.example"), accountEnabled: false, deleteOnRemoval: false });
  });

  test("a mixed-case address is named by its lowercased form but invited as written", () => {
    expect(get(INVITATION, "chloe.dubois@fabrikam.com").inputs.userEmailAddress).toBe("Chloe.Dubois@fabrikam.com");
  });
});

describe("stack outputs", () => {
  test("count guests by status", () => {
    expect(outputs.asOf).toBe(AS_OF);
    expect(outputs.guests).toEqual({ active: 10, expired: 1, gone: 0 });
  });

  test("give each invited guest's userId and a secret redeemUrl, by lowercased email", async () => {
    const invited = recorder.registrations.filter((r) => r.type === INVITATION).map((r) => r.name).sort();
    expect(Object.keys(outputs.invitations)).toEqual(invited);
    expect(invited).toContain("chloe.dubois@fabrikam.com");
    const chloe = outputs.invitations["chloe.dubois@fabrikam.com"]!;
    expect(await valueOf(chloe.userId)).toBe(mockUserId("chloe.dubois@fabrikam.com"));
    expect(await valueOf(chloe.redeemUrl)).toBe(mockRedeemUrl("chloe.dubois@fabrikam.com"));
    expect(await pulumi.isSecret(chloe.redeemUrl)).toBe(true);
    expect(await pulumi.isSecret(chloe.userId)).toBe(false);
  });
});

/** Spec inputs with each `{ ref, output }` replaced by what the mocks give that output. */
function resolved(inputs: ResourceSpec["inputs"]): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify(inputs, (_key, value: unknown) =>
      typeof value === "object" && value !== null && "ref" in value && "output" in value && (value as { output: string }).output === "userId"
        ? mockUserId((value as { ref: string }).ref)
        : value,
    ),
  ) as Record<string, unknown>;
}
