// Registers the list that `resourcesFor` returns as real `@pulumi/azuread` resources. It decides nothing:
// types, names, inputs and options all come from that one mapping, so the program and the plan cannot
// disagree. Its only work is turning references (`{ ref, output }`, `options.provider`) into the
// referenced resource's Output or object; Pulumi then records the dependency from the Output itself.
import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import {
  APP_ROLE_ASSIGNMENT,
  AUTHORIZATION_POLICY,
  B2B_DOMAIN_LIST,
  CONDITIONAL_ACCESS_POLICY,
  CROSS_TENANT_PARTNER,
  GROUP_MEMBER,
  GUEST_LIFECYCLE,
  INVITATION,
  PROVIDER,
  isOutputRef,
  type InputValue,
  type ResourceSpec,
  type ResourceType,
} from "../model/resources-for";
import { GuestLifecycle, type GuestLifecycleArgs } from "./guest-lifecycle";
import type { ProviderSettings } from "./guest-lifecycle-provider";
import { lifecycleShim } from "./guest-lifecycle-shim";
import { providerShim } from "./provider-shim";
import { resolveAccounts } from "./resolve-accounts";
import { AuthorizationPolicy, B2BDomainList, CrossTenantPartner } from "./tenant-policy-resources";

export interface RegisteredResource {
  spec: ResourceSpec;
  resource: pulumi.CustomResource;
}

/** The dynamic resources' providers, one object each for the whole program: Pulumi serializes each once. */
export interface RegisterOptions {
  lifecycle?: pulumi.dynamic.ResourceProvider;
  authorizationPolicy?: pulumi.dynamic.ResourceProvider;
  crossTenantPartner?: pulumi.dynamic.ResourceProvider;
  b2bDomainList?: pulumi.dynamic.ResourceProvider;
}

/** The shims of every dynamic resource's provider, for one tenant and cloud. */
export function providerShims(settings: ProviderSettings): Required<RegisterOptions> {
  return {
    lifecycle: lifecycleShim(settings),
    authorizationPolicy: providerShim("authorizationPolicyProvider", settings),
    crossTenantPartner: providerShim("crossTenantPartnerProvider", settings),
    b2bDomainList: providerShim("b2bDomainListProvider", settings),
  };
}

type Construct = (name: string, inputs: Record<string, unknown>, opts: pulumi.CustomResourceOptions, options: RegisterOptions) => pulumi.CustomResource;

// The casts are sound because `resourcesFor` builds each type's inputs with the provider's property names;
// the SDK still rejects a missing required property at registration.
const CONSTRUCTORS: Record<ResourceType, Construct> = {
  [PROVIDER]: (name, inputs, opts) => new azuread.Provider(name, inputs as azuread.ProviderArgs, opts),
  [INVITATION]: (name, inputs, opts) => new azuread.Invitation(name, inputs as unknown as azuread.InvitationArgs, opts),
  [GROUP_MEMBER]: (name, inputs, opts) => new azuread.GroupMember(name, inputs as unknown as azuread.GroupMemberArgs, opts),
  [APP_ROLE_ASSIGNMENT]: (name, inputs, opts) =>
    new azuread.AppRoleAssignment(name, inputs as unknown as azuread.AppRoleAssignmentArgs, opts),
  [GUEST_LIFECYCLE]: (name, inputs, opts, { lifecycle }) => new GuestLifecycle(lifecycle!, name, inputs as unknown as GuestLifecycleArgs, opts),
  [AUTHORIZATION_POLICY]: (name, inputs, opts, { authorizationPolicy }) => new AuthorizationPolicy(authorizationPolicy!, name, inputs, opts),
  [CROSS_TENANT_PARTNER]: (name, inputs, opts, { crossTenantPartner }) => new CrossTenantPartner(crossTenantPartner!, name, inputs as never, opts),
  [B2B_DOMAIN_LIST]: (name, inputs, opts, { b2bDomainList }) => new B2BDomainList(b2bDomainList!, name, inputs as never, opts),
  [CONDITIONAL_ACCESS_POLICY]: (name, inputs, opts) => new azuread.ConditionalAccessPolicy(name, withExcludedIds(name, inputs, opts.provider as pulumi.ProviderResource | undefined), opts),
};

/**
 * The policy's inputs with `conditions.users.excludedUsers` (addresses, from resourcesFor) as the
 * accounts' object ids, resolved at deploy time. A policy without that list is a mapping fault: the
 * break-glass accounts are never left out.
 */
function withExcludedIds(name: string, inputs: Record<string, unknown>, provider: pulumi.ProviderResource | undefined): azuread.ConditionalAccessPolicyArgs {
  const conditions = inputs.conditions as { users?: Record<string, unknown> };
  const users = { ...conditions.users, excludedUsers: resolveAccounts(excludedAddresses(name, inputs), provider) };
  return { ...inputs, conditions: { ...conditions, users } } as unknown as azuread.ConditionalAccessPolicyArgs;
}

function excludedAddresses(name: string, inputs: Readonly<Record<string, unknown>>): string[] {
  const excluded = (inputs.conditions as { users?: { excludedUsers?: unknown } } | undefined)?.users?.excludedUsers;
  if (!Array.isArray(excluded) || excluded.length === 0 || !excluded.every((a) => typeof a === "string" && a.includes("@"))) {
    throw new MappingError(`${CONDITIONAL_ACCESS_POLICY} "${name}" has no break-glass account addresses in conditions.users.excludedUsers`);
  }
  return excluded as string[];
}

/** A fault in the mapping, not in the user's files: `resourcesFor` produced a list it should not have. */
export class MappingError extends Error {
  override name = "MappingError";
  constructor(message: string) {
    super(`guestops bug: ${message}`);
  }
}

/**
 * Registers every spec, in order. A reference must name a resource earlier in the list, which
 * `resourcesFor` guarantees (the provider first, each invitation before the grants that use it).
 * Resources get no component parent: a parent is part of every URN, so adding one later would replace
 * every invitation: a new invitation for each guest, and the old one deleted (with the guest's account)
 * under onRemoval: delete.
 */
export function registerResources(specs: readonly ResourceSpec[], options: RegisterOptions = {}): RegisteredResource[] {
  checkReferences(specs);
  // One provider object per dynamic type; by default for the provider spec's tenant in the public cloud.
  const tenantId = specs.find((s) => s.type === PROVIDER)?.inputs.tenantId;
  options = { ...providerShims({ tenantId: typeof tenantId === "string" ? tenantId : "", cloud: "public" }), ...options };
  const byName = new Map<string, pulumi.CustomResource>();
  const registered: RegisteredResource[] = [];
  for (const spec of specs) {
    const where = `${spec.type} "${spec.name}"`;
    const inputs: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(spec.inputs)) inputs[key] = resolveInput(value, byName, where);
    const resource = CONSTRUCTORS[spec.type](spec.name, inputs, resourceOptions(spec, byName), options);
    byName.set(spec.name, resource);
    registered.push({ spec, resource });
  }
  return registered;
}

/**
 * Checks every type and reference before the first resource is constructed, so a faulty list fails
 * the run without registering part of it.
 */
export function checkReferences(specs: readonly ResourceSpec[]): void {
  // A name held by two types (a group and an app may share a key) cannot be a reference target.
  const types = new Map<string, ResourceType | "ambiguous">();
  const target = (name: string, where: string): ResourceType => {
    const type = types.get(name);
    if (type === undefined) throw new MappingError(`${where} refers to "${name}", which is not registered before it`);
    if (type === "ambiguous") throw new MappingError(`${where} refers to "${name}", a name that more than one resource has`);
    return type;
  };
  for (const spec of specs) {
    const where = `${spec.type} "${spec.name}"`;
    if (!Object.hasOwn(CONSTRUCTORS, spec.type)) throw new MappingError(`${where} has a type guestops does not register`);
    for (const ref of outputRefs(spec.inputs)) target(ref.ref, where);
    if (spec.type === CONDITIONAL_ACCESS_POLICY) excludedAddresses(spec.name, spec.inputs);
    const provider = spec.options.provider;
    if (provider !== undefined && target(provider, where) !== PROVIDER) throw new MappingError(`${where} names "${provider}" as its provider, which is not a provider`);
    types.set(spec.name, types.has(spec.name) ? "ambiguous" : spec.type);
  }
}

function* outputRefs(value: InputValue | Record<string, InputValue>): Generator<{ ref: string; output: string }> {
  if (isOutputRef(value)) yield value;
  else if (typeof value === "object" && value !== null) for (const inner of Object.values(value)) yield* outputRefs(inner);
}

function resourceOptions(spec: ResourceSpec, byName: Map<string, pulumi.CustomResource>): pulumi.CustomResourceOptions {
  const { provider, retainOnDelete, ignoreChanges, deleteBeforeReplace } = spec.options;
  const opts: pulumi.CustomResourceOptions = {};
  if (provider !== undefined) opts.provider = byName.get(provider) as pulumi.ProviderResource;
  // Passed through exactly: these two options are what keep an edit or a removal from deleting a guest.
  if (retainOnDelete !== undefined) opts.retainOnDelete = retainOnDelete;
  if (ignoreChanges !== undefined) opts.ignoreChanges = [...ignoreChanges];
  if (deleteBeforeReplace !== undefined) opts.deleteBeforeReplace = deleteBeforeReplace;
  return opts;
}

function resolveInput(value: InputValue, byName: Map<string, pulumi.CustomResource>, where: string): unknown {
  if (isOutputRef(value)) {
    const output = (byName.get(value.ref) as unknown as Record<string, unknown>)[value.output];
    if (!pulumi.Output.isInstance(output)) throw new MappingError(`${where} uses output "${value.output}" of "${value.ref}", which has no such output`);
    return output;
  }
  if (Array.isArray(value)) return [...value];
  if (typeof value === "object" && value !== null) {
    const nested: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) nested[key] = resolveInput(inner, byName, where);
    return nested;
  }
  return value;
}

/** The invitations, by guest key, for stack outputs. */
export function invitationsByGuest(registered: readonly RegisteredResource[]): Map<string, azuread.Invitation> {
  const invitations = new Map<string, azuread.Invitation>();
  for (const { spec, resource } of registered) {
    if (spec.type === INVITATION && spec.guest !== undefined) invitations.set(spec.guest, resource as azuread.Invitation);
  }
  return invitations;
}
