// A small seeded generator of stacks and guest files, as plain values (what the loader would yield),
// and of rewrites that must not change which resources exist: reordering, moving guests between
// renamed files, changing the case of addresses.
import type { StateInput } from "../../src/model/build-desired-state";
import { addDays } from "../../src/model/dates";
import type { Guest, GuestFile } from "../../src/model/guests-schema";
import type { StackFile } from "../../src/model/stack-schema";

export type Random = () => number;

/** mulberry32: tiny, fast and good enough to spread test cases. */
export function seeded(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (r: Random, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(r: Random, xs: readonly T[]): T => xs[int(r, 0, xs.length - 1)]!;
const subset = <T>(r: Random, xs: readonly T[], p = 0.35): T[] => xs.filter(() => r() < p);

export function shuffle<T>(r: Random, xs: readonly T[]): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = int(r, 0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const uuid = (r: Random) => "xxxxxxxx-xxxx-4xxx-8xxx-xxxxxxxxxxxx".replace(/x/g, () => int(r, 0, 15).toString(16));
// Some keys are both a group and an app, as in the example stack: names must still not collide.
const GROUP_KEYS = ["erp-project", "finance", "supplier-portal", "design-review", "sales", "ops-oncall"];
const APP_KEYS = ["expenses", "supplier-portal", "finance", "timesheets"];
const ROLES = ["Reader", "Writer", "Approver", "Submitter"];
const FIRST = ["ana", "ben", "chloe", "david", "elena", "farid", "grace", "henrik", "isabel", "kwame", "lucia", "mei"];
const LAST = ["silva", "carter", "dubois", "kim", "petrova", "haddad", "obi", "larsen", "moreno", "mensah"];
const DOMAINS = ["fabrikam.com", "northwind.example", "eu.fabrikam.com", "tailspin.example"];

export interface Generated {
  asOf: string;
  input: StateInput;
}

export function generate(r: Random): Generated {
  const asOf = addDays("2026-12-01", int(r, -200, 200));
  const groups: StackFile["groups"] = {};
  for (const key of subset(r, GROUP_KEYS, 0.7)) groups[key] = { objectId: uuid(r), displayName: key, owners: ["owner@contoso.com"], allowGuests: true };
  const apps: StackFile["apps"] = {};
  for (const key of subset(r, APP_KEYS, 0.7)) {
    const roles: Record<string, string> = {};
    for (const role of subset(r, ROLES, 0.5)) roles[role] = uuid(r);
    apps[key] = { servicePrincipalId: uuid(r), displayName: key, owners: ["owner@contoso.com"], roles };
  }
  const stack: StackFile = {
    tenantId: uuid(r),
    internalDomains: ["contoso.com"],
    invitation: { sendEmail: r() < 0.7, language: pick(r, ["en-US", "fr-FR"]) },
    policy: { onRemoval: pick(r, ["retain", "delete"] as const), expiredGraceDays: int(r, 0, 60) },
    groups,
    apps,
  };
  // The lifecycle switches in every combination; under onRemoval: delete, mostly stated as the schema
  // requires, and sometimes not: a stack as deployed before GuestLifecycle.
  const roll = r();
  if (stack.policy!.onRemoval === "delete") {
    if (roll < 0.8) stack.lifecycle = { blockSignInOnExpiry: true, ...(r() < 0.3 && { manageSponsors: false }) };
  } else if (roll < 0.5) {
    stack.lifecycle = { manageSponsors: r() < 0.5, blockSignInOnExpiry: r() < 0.5 };
  }

  const guests: Guest[] = [];
  const count = int(r, 0, 24);
  for (let n = 0; n < count; n++) guests.push(generateGuest(r, n, asOf, Object.keys(groups), apps));
  const files = int(r, 1, 4);
  const guestFiles = Array.from({ length: files }, (_, i) => ({ path: `guests/partner-${i}.yaml`, value: fileOf(`Partner ${i}`, []) }));
  for (const g of guests) pick(r, guestFiles).value.guests.push(g);
  return { asOf, input: { stackName: "prod", stack: { value: stack }, guestFiles } };
}

function generateGuest(r: Random, n: number, asOf: string, groupKeys: string[], apps: NonNullable<StackFile["apps"]>): Guest {
  const email = `${pick(r, FIRST)}.${pick(r, LAST)}${n}@${pick(r, DOMAINS)}`;
  const guest: Guest = {
    email: r() < 0.3 ? email.replace(/^./, (c) => c.toUpperCase()) : email,
    displayName: `Guest ${n}`,
    sponsor: "priya.natarajan@contoso.com",
    expires: addDays(asOf, int(r, -90, 200)),
    justification: `CHG-${1000 + n}`,
    groups: subset(r, groupKeys),
    apps: Object.entries(apps).flatMap(([app, a]) => (r() < 0.3 ? [r() < 0.3 ? { app } : { app, ...(Object.keys(a!.roles)[0] && { role: pick(r, Object.keys(a!.roles)) }) }] : [])),
  };
  if (r() < 0.2) guest.objectId = uuid(r);
  if (r() < 0.3) guest.invitation = { message: `Welcome, guest ${n}.`, ...(r() < 0.5 && { cc: ["priya.natarajan@contoso.com"] as [string] }), ...(r() < 0.3 && { sendEmail: r() < 0.5 }) };
  return guest;
}

function fileOf(partner: string, guests: Guest[]): GuestFile & { guests: Guest[] } {
  return { partner, domains: [DOMAINS[0]!, ...DOMAINS.slice(1)], guests };
}

/** Same guests, files in another order, entries and their lists shuffled within each file. */
export function reorder(r: Random, input: StateInput): StateInput {
  const guestFiles = shuffle(r, input.guestFiles).map((f) => ({
    path: f.path,
    value: { ...f.value!, guests: shuffle(r, f.value!.guests ?? []).map((g) => ({ ...g, groups: shuffle(r, g.groups ?? []), apps: shuffle(r, g.apps ?? []) })) },
  }));
  return { ...input, guestFiles };
}

/** Same guests dealt into a different number of files with new names; addresses in another case. */
export function regroup(r: Random, input: StateInput): StateInput {
  const all = input.guestFiles.flatMap((f) => f.value!.guests ?? []);
  const files = Array.from({ length: int(r, 1, 5) }, (_, i) => ({ path: `guests/moved/${i}-renamed.yml`, value: fileOf(`Renamed ${i}`, []) }));
  for (const g of shuffle(r, all)) pick(r, files).value.guests.push({ ...g, email: recase(r, g.email) });
  return { ...input, guestFiles: files };
}

function recase(r: Random, email: string): string {
  return [...email].map((c) => (r() < 0.5 ? c.toUpperCase() : c.toLowerCase())).join("");
}
