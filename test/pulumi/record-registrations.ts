// Pulumi mocks that record what the engine would receive. `newResource` alone sees only type, name and
// inputs, so the mock monitor's registerResource is wrapped as well: its request carries the options that
// keep guests safe (retainOnDelete, ignoreChanges, provider) and the dependencies Pulumi derived.
import * as pulumi from "@pulumi/pulumi";
import { INVITATION } from "../../src/model/resources-for";

export interface Registration {
  type: string;
  name: string;
  urn: string;
  inputs: Record<string, unknown>;
  /** Logical name of the explicit provider, if any. */
  provider?: string;
  retainOnDelete?: boolean;
  ignoreChanges: string[];
  deleteBeforeReplace: boolean;
  /** Logical names of the resources this one depends on. */
  dependencies: string[];
  /** Per input property, the logical names it depends on. */
  propertyDependencies: Record<string, string[]>;
}

export interface Recorder {
  registrations: Registration[];
  /** Resolves once `count` resources have been registered; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
}

/** The user id the mocks give the invitation named `name`. */
export function mockUserId(name: string): string {
  return `user-of:${name}`;
}

export function mockRedeemUrl(name: string): string {
  return `https://login.microsoftonline.com/redeem?rd=${encodeURIComponent(name)}`;
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getObject(): Parameters<typeof pulumi.runtime.deserializeProperties>[0];
  getProvider(): string;
  getRetainondelete(): boolean;
  hasRetainondelete(): boolean;
  getIgnorechangesList(): string[];
  getDeletebeforereplace(): boolean;
  getDependenciesList(): string[];
  getPropertydependenciesMap(): { forEach(fn: (value: { getUrnsList(): string[] }, key: string) => void): void };
}
type Callback = (err: unknown, response?: { getUrn(): string }) => void;
interface Monitor {
  registerResource(req: RegisterRequest, callback: Callback): Promise<void>;
}

/** The users azuread.getUser finds under the mocks, by user principal name or mail: the break-glass accounts. */
export const MOCK_DIRECTORY: Readonly<Record<string, { userPrincipalName: string; mail: string | null; objectId: string }>> = {
  breakglass: { userPrincipalName: "breakglass@contoso.com", mail: null, objectId: "0b5e1a55-0000-4000-8000-000000000001" },
  breakglass2: { userPrincipalName: "bg2@contoso.onmicrosoft.com", mail: "breakglass2@contoso.com", objectId: "0b5e1a55-0000-4000-8000-000000000002" },
};
const GET_USER = "azuread:index/getUser:getUser";

/** azuread's getUser as the provider answers it: the user, or an error when none matches. */
function mockUser(inputs: Record<string, unknown>): Record<string, unknown> {
  const upn = typeof inputs.userPrincipalName === "string" ? inputs.userPrincipalName.toLowerCase() : undefined;
  const mail = typeof inputs.mail === "string" ? inputs.mail.toLowerCase() : undefined;
  const user = Object.values(MOCK_DIRECTORY).find((u) => u.userPrincipalName === upn || (mail !== undefined && u.mail === mail));
  if (!user) throw new Error(`User not found with ${upn !== undefined ? `UPN: "${upn}"` : `mail: "${mail}"`}`);
  return { ...user, id: user.objectId };
}

/** What the mocks record as a dynamic resource's `__provider`, instead of its serialized code. */
export const MOCK_PROVIDER_TEXT = "exports.handler = /* GuestLifecycle provider, serialized by Pulumi at deploy time */ undefined;";

/**
 * Pulumi serializes a dynamic provider's code from Function.prototype.toString, which under vitest's
 * module transform meets functions it cannot serialize. The real serialization is tested apart, in a
 * plain Node process (guest-lifecycle-serialization.test.ts); here it is replaced by a fixed text.
 */
function stubProviderSerialization(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const closure = require("@pulumi/pulumi/runtime/closure/serializeClosure") as { serializeFunction: unknown };
  closure.serializeFunction = async () => ({ text: MOCK_PROVIDER_TEXT, exportName: "handler", containsSecrets: false });
}

/**
 * Installs fresh mocks (forgetting earlier registrations) and returns their recorder. `previousOutputs`
 * are what a StackReference reads as a stack's outputs: the last deploy's, for the stack's own reference.
 */
export async function installMocks(stack = "prod", preview = false, previousOutputs: Record<string, unknown> = {}): Promise<Recorder> {
  stubProviderSerialization();
  await pulumi.runtime.setMocks(
    {
      newResource({ type, name, inputs }) {
        if (type === "pulumi:pulumi:StackReference") return { id: String(inputs.name), state: { ...inputs, outputs: previousOutputs, secretOutputNames: [] } };
        const state = type === INVITATION ? { ...inputs, userId: mockUserId(name), redeemUrl: mockRedeemUrl(name) } : inputs;
        return { id: `${name}-id`, state };
      },
      call: ({ token, inputs }) => (token === GET_USER ? mockUser(inputs) : inputs),
    },
    "guestops",
    stack,
    preview,
    "organization",
  );
  const registrations: Registration[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const monitor = pulumi.runtime.getMonitor() as unknown as Monitor;
  const original = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) =>
    original(req, (err, response) => {
      if (!err && response) {
        registrations.push(toRegistration(req, response.getUrn()));
        for (const w of waiters.filter((w) => registrations.length >= w.count)) w.resolve();
      }
      callback(err, response);
    });
  return {
    registrations,
    waitFor(count, timeoutMs = 10_000) {
      if (registrations.length >= count) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${registrations.length} of ${count} resources registered`)), timeoutMs);
        waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
  };
}

function toRegistration(req: RegisterRequest, urn: string): Registration {
  const propertyDependencies: Record<string, string[]> = {};
  req.getPropertydependenciesMap().forEach((deps, key) => {
    propertyDependencies[key] = deps.getUrnsList().map(nameOfUrn);
  });
  const provider = req.getProvider();
  return {
    type: req.getType(),
    name: req.getName(),
    urn,
    inputs: pulumi.runtime.deserializeProperties(req.getObject()) as Record<string, unknown>,
    // A provider reference is "<urn>::<id>".
    ...(provider && { provider: nameOfUrn(provider.slice(0, provider.lastIndexOf("::"))) }),
    ...(req.hasRetainondelete() && { retainOnDelete: req.getRetainondelete() }),
    ignoreChanges: req.getIgnorechangesList(),
    deleteBeforeReplace: req.getDeletebeforereplace(),
    dependencies: req.getDependenciesList().map(nameOfUrn),
    propertyDependencies,
  };
}

/** `urn:pulumi:<stack>::<project>::<type>::<name>`; names here never contain "::". */
export function nameOfUrn(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

/** Settles once every resource has its URN and id, i.e. the mock engine answered each registration. */
export function settled(resources: readonly pulumi.CustomResource[]): Promise<unknown> {
  return new Promise((resolve) => pulumi.all(resources.flatMap((r) => [r.urn, r.id])).apply(resolve));
}

/** The value of an Output, as the mocks resolved it. */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}
