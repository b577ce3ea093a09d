// registerResources on hand-made lists: references become Outputs (and so dependencies), options pass
// through exactly, and a faulty list fails before anything is registered.
import { describe, expect, test } from "vitest";
import { GROUP_MEMBER, INVITATION, PROVIDER, type ResourceSpec } from "../../src/model/resources-for";
import { checkReferences, MappingError, registerResources } from "../../src/pulumi/register-resources";
import { installMocks, mockUserId, settled } from "./record-registrations";

const provider: ResourceSpec = { type: PROVIDER, name: "tenant", inputs: { tenantId: "11111111-1111-4111-8111-111111111111" }, options: {} };
const invitation = (email: string, options: ResourceSpec["options"] = { provider: "tenant" }): ResourceSpec => ({
  type: INVITATION,
  name: email,
  inputs: { userEmailAddress: email, redirectUrl: "https://myapps.microsoft.com", message: { body: "Welcome.", additionalRecipients: "priya.natarajan@contoso.com" } },
  options,
  guest: email,
});
const member = (group: string, email: string, memberObjectId: ResourceSpec["inputs"][string] = { ref: email, output: "userId" }): ResourceSpec => ({
  type: GROUP_MEMBER,
  name: `${group}/${email}`,
  inputs: { groupObjectId: "22222222-2222-4222-8222-222222222222", memberObjectId },
  options: { provider: "tenant" },
  guest: email,
});

async function registered(specs: ResourceSpec[]) {
  const recorder = await installMocks();
  await settled(registerResources(specs).map((r) => r.resource));
  await recorder.waitFor(specs.length);
  return new Map(recorder.registrations.map((r) => [r.name, r]));
}

describe("registerResources", () => {
  test("turns a reference into the referenced resource's output, so Pulumi records the dependency", async () => {
    const regs = await registered([provider, invitation("ana.silva@fabrikam.com"), member("erp", "ana.silva@fabrikam.com")]);
    const m = regs.get("erp/ana.silva@fabrikam.com")!;
    expect(m.inputs).toEqual({ groupObjectId: "22222222-2222-4222-8222-222222222222", memberObjectId: mockUserId("ana.silva@fabrikam.com") });
    expect(m.dependencies).toEqual(["ana.silva@fabrikam.com"]);
    expect(m.propertyDependencies).toEqual({ groupObjectId: [], memberObjectId: ["ana.silva@fabrikam.com"] });
    expect(regs.get("ana.silva@fabrikam.com")!.inputs.message).toEqual({ body: "Welcome.", additionalRecipients: "priya.natarajan@contoso.com" });
  });

  test("passes retainOnDelete and ignoreChanges exactly as given, and sets neither when absent", async () => {
    const regs = await registered([
      provider,
      invitation("ana.silva@fabrikam.com", { provider: "tenant", retainOnDelete: false, ignoreChanges: ["message"] }),
      invitation("ben.carter@fabrikam.com", { provider: "tenant", retainOnDelete: true, ignoreChanges: ["userEmailAddress", "message"] }),
      invitation("chloe.dubois@fabrikam.com"),
    ]);
    expect(regs.get("ana.silva@fabrikam.com")).toMatchObject({ retainOnDelete: false, ignoreChanges: ["message"], provider: "tenant" });
    expect(regs.get("ben.carter@fabrikam.com")).toMatchObject({ retainOnDelete: true, ignoreChanges: ["userEmailAddress", "message"] });
    expect(regs.get("chloe.dubois@fabrikam.com")!.retainOnDelete).toBeUndefined();
    expect(regs.get("chloe.dubois@fabrikam.com")!.ignoreChanges).toEqual([]);
  });

  test("a resource without options.provider gets no explicit provider", async () => {
    const regs = await registered([invitation("ana.silva@fabrikam.com", {})]);
    expect(regs.get("ana.silva@fabrikam.com")!.provider).toBeUndefined();
  });
});

describe("a faulty list fails before any resource is registered", () => {
  test.each<{ desc: string; specs: ResourceSpec[]; message: string }>([
    {
      desc: "a reference to a later resource",
      specs: [provider, member("erp", "ana.silva@fabrikam.com"), invitation("ana.silva@fabrikam.com")],
      message: 'refers to "ana.silva@fabrikam.com", which is not registered before it',
    },
    {
      desc: "a reference to a name two resources share",
      specs: [provider, invitation("x@fabrikam.com"), { ...invitation("x@fabrikam.com"), type: GROUP_MEMBER }, member("erp", "x@fabrikam.com")],
      message: 'refers to "x@fabrikam.com", a name that more than one resource has',
    },
    {
      desc: "a provider option naming a resource that is not a provider",
      specs: [provider, invitation("ana.silva@fabrikam.com"), { ...member("erp", "ben.carter@fabrikam.com", "id-1"), options: { provider: "ana.silva@fabrikam.com" } }],
      message: 'names "ana.silva@fabrikam.com" as its provider, which is not a provider',
    },
    {
      desc: "an unknown type",
      specs: [provider, { ...invitation("ana.silva@fabrikam.com"), type: "azuread:index/user:User" as ResourceSpec["type"] }],
      message: "has a type guestops does not register",
    },
  ])("$desc", async ({ specs, message }) => {
    const recorder = await installMocks();
    expect(() => checkReferences(specs)).toThrow(MappingError);
    expect(() => registerResources(specs)).toThrow(message);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(recorder.registrations).toEqual([]);
  });

  test("a reference to an output the resource does not have", async () => {
    await installMocks();
    expect(() => registerResources([provider, invitation("ana.silva@fabrikam.com"), member("erp", "ana.silva@fabrikam.com", { ref: "ana.silva@fabrikam.com", output: "objectId" })])).toThrow(
      'uses output "objectId" of "ana.silva@fabrikam.com", which has no such output',
    );
  });
});
