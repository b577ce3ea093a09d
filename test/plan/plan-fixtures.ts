// Hand-built base/head pairs for plan tests: a stack and partner files written from small objects, so
// that each test changes one thing. Loaded through the real loader from memory, with no disk or Git.
import { stringify } from "yaml";
import { memorySource } from "../../src/load/memory-source";
import { loadRepo, type LoadResult, type ParseCache } from "../../src/load/load-repo";
import { buildDesiredState } from "../../src/model/build-desired-state";
import type { DesiredState } from "../../src/model/desired-state";
import { planStacks } from "../../src/plan/plan-stacks";
import { loadStack } from "../../src/rules/load-stack";
import type { BaseInfo, Plan, PlanWarning } from "../../src/plan/plan-types";
import { validateRepo, type Validation } from "../../src/rules/validate-repo";

export const AS_OF = "2026-12-01";

/** people.yaml for the gate's tests: the stack owner, and the owners and sponsors of the fixtures' catalog. */
export const PEOPLE_YAML = `people:
  - { email: mei.lin@contoso.com, github: meilin }
  - { email: olivia.chen@contoso.com, github: ochen }
  - { email: priya.natarajan@contoso.com, github: priya-n }
  - { email: tomas.berg@contoso.com, github: tberg }
`;
export const TENANT = "11111111-1111-4111-8111-111111111111";

export interface GuestSpec {
  email: string;
  displayName?: string;
  sponsor?: string;
  expires?: string;
  justification?: string;
  objectId?: string;
  groups?: string[];
  apps?: { app: string; role?: string }[];
  reviewed?: string;
  invitation?: { message?: string; sendEmail?: boolean; cc?: string[] };
}

export function stackDoc(): Record<string, any> {
  return {
    tenantId: TENANT,
    internalDomains: ["contoso.com"],
    owners: ["mei.lin@contoso.com"],
    invitation: { redirectUrl: "https://myapps.microsoft.com", sendEmail: true, language: "en-US" },
    policy: { maxExpiryDays: 365, maxRemovalShare: 0.25, onRemoval: "retain", expiredGraceDays: 30, reviewIntervalDays: 180 },
    groups: {
      "erp-project": { objectId: "22222222-2222-4222-8222-222222222222", displayName: "ERP Project", owners: ["priya.natarajan@contoso.com"], allowGuests: true },
      finance: { objectId: "33333333-3333-4333-8333-333333333333", displayName: "Finance Readers", owners: ["olivia.chen@contoso.com"], allowGuests: true },
      "supplier-portal": { objectId: "44444444-4444-4444-8444-444444444444", displayName: "Supplier Portal Users", owners: ["tomas.berg@contoso.com"], allowGuests: true },
    },
    apps: {
      expenses: {
        servicePrincipalId: "55555555-5555-4555-8555-555555555555",
        displayName: "Contoso Expenses",
        owners: ["olivia.chen@contoso.com"],
        roles: { Submitter: "66666666-6666-4666-8666-666666666666", Approver: "77777777-7777-4777-8777-777777777777" },
      },
    },
  };
}

export function fabrikamGuests(): GuestSpec[] {
  return [
    { email: "ana.silva@fabrikam.com", displayName: "Ana Silva", expires: "2027-05-31", groups: ["erp-project"], apps: [{ app: "expenses", role: "Submitter" }] },
    { email: "ben.carter@fabrikam.com", displayName: "Ben Carter", expires: "2027-04-30", groups: ["erp-project"] },
    { email: "Carla.Gomez@fabrikam.com", displayName: "Carla Gomez", sponsor: "olivia.chen@contoso.com", expires: "2027-02-28", groups: ["finance"], apps: [{ app: "expenses", role: "Approver" }] },
    { email: "dev.patel@fabrikam.com", displayName: "Dev Patel", expires: "2027-06-30", groups: ["erp-project"], objectId: "88888888-8888-4888-8888-888888888888" },
    { email: "emma.jones@fabrikam.com", displayName: "Emma Jones", expires: "2027-03-31", groups: ["erp-project"], invitation: { message: "Welcome to the ERP project." } },
  ];
}

export function northwindGuests(): GuestSpec[] {
  return [
    { email: "grace.obi@northwind.example", displayName: "Grace Obi", expires: "2027-08-31", groups: ["supplier-portal"], reviewed: "2026-10-01" },
    { email: "hugo.weber@northwind.example", displayName: "Hugo Weber", expires: "2027-07-31", apps: [{ app: "expenses" }] },
    { email: "ines.costa@northwind.example", displayName: "Ines Costa", expires: "2027-09-30", groups: ["supplier-portal"], invitation: { sendEmail: false } },
  ];
}

export function guestFileYaml(partner: string, domain: string, sponsor: string | undefined, guests: GuestSpec[]): string {
  const doc = { partner, domains: [domain], ...(sponsor && { sponsor }), guests: guests.map(({ email, ...g }) => ({ email, justification: "CHG-1 partner work", ...g })) };
  return `# yaml-language-server: $schema=../schemas/guests.schema.json\n${stringify(doc, { lineWidth: 0 })}`;
}

export interface RepoParts {
  stack?: Record<string, any>;
  fabrikam?: GuestSpec[];
  northwind?: GuestSpec[];
}

/** A repository's files: stacks/prod.yaml, guests/fabrikam.yaml and guests/northwind.yaml. */
export function repoFiles(parts: RepoParts = {}): Record<string, string> {
  return {
    "stacks/prod.yaml": stringify(parts.stack ?? stackDoc()),
    "guests/fabrikam.yaml": guestFileYaml("Fabrikam", "fabrikam.com", "priya.natarajan@contoso.com", parts.fabrikam ?? fabrikamGuests()),
    "guests/northwind.yaml": guestFileYaml("Northwind Traders", "northwind.example", "tomas.berg@contoso.com", parts.northwind ?? northwindGuests()),
  };
}

export { memorySource };

export interface Loaded {
  load: LoadResult;
  state: DesiredState;
  validation: Validation;
}

export async function loadFiles(files: Record<string, string | Uint8Array>, asOf = AS_OF, cache: ParseCache = new Map()): Promise<Loaded> {
  const load = await loadRepo(memorySource(files), "prod", cache);
  return { load, state: buildDesiredState(load, asOf), validation: validateRepo(load, asOf) };
}

export interface PlanOptions {
  asOf?: string;
  baseAsOf?: string;
  allowMassRemoval?: boolean;
  /** Fail the test when the head has validation errors (the CLI would stop with exit 1). */
  allowHeadErrors?: boolean;
  /** Warnings to show instead of the head's validation warnings (goldens must not depend on rule wording). */
  warnings?: PlanWarning[];
}

/** A base as the Git reader describes one. */
export const BASE_INFO: BaseInfo = {
  label: "main (3f2a9c1)",
  ref: "main",
  commit: "3f2a9c1d5e7b4a6c8d0e2f4a6b8c0d2e4f6a8b0c",
  short: "3f2a9c1",
  date: "2026-11-30T09:00:00+00:00",
  subject: "Onboard Fabrikam and Northwind guests",
  empty: false,
};

/** The plan as the CLI computes it, from files in memory. */
export async function planFor(baseFiles: Record<string, string>, headFiles: Record<string, string>, opts: PlanOptions = {}): Promise<Plan> {
  const cache: ParseCache = new Map();
  const head = await loadStack(memorySource(headFiles), "prod", { asOf: opts.asOf ?? AS_OF, cache });
  if (!opts.allowHeadErrors && head.validation.errors.length > 0) {
    throw new Error(`fixture head is invalid: ${head.validation.errors.map((e) => `${e.file}:${e.line} ${e.message}`).join("\n")}`);
  }
  const { empty: _, ...baseInfo } = BASE_INFO;
  return planStacks({
    base: await loadRepo(memorySource(baseFiles), "prod", cache),
    baseInfo,
    baseAsOf: opts.baseAsOf ?? opts.asOf ?? AS_OF,
    head,
    allowMassRemoval: opts.allowMassRemoval,
    ...(opts.warnings && { warnings: opts.warnings }),
  });
}

/** Action of each guest that has one, as `key: action`, for compact assertions. */
export function actions(plan: Plan): Record<string, string> {
  return Object.fromEntries(plan.guests.map((g) => [g.key, g.action]));
}
