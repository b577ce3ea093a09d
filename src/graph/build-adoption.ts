// What `guestops import` writes for guests who exist in the tenant but not in Git: one entry per guest,
// with its objectId and catalog access, in the partner file for its domain. Pure: texts in, texts out.
// Existing files keep every byte: the one guest editor (src/edit) appends the entries after the last
// guest, as guestops add does, and checks that the result says exactly what was meant.
import { appendGuests } from "../edit/edit-guests";
import { newPartnerText, type GuestEntryFields } from "../edit/guest-entries";
import { matchDomain, splitAddress } from "../model/address";
import { addDays } from "../model/dates";
import { justificationPlaceholder, partnerPlaceholder } from "../model/import-placeholder";
import type { StackFile } from "../model/stack-schema";
import stackSchema from "../../schemas/stack.schema.json";
import type { UndeclaredGuest } from "./build-drift";

// The schema's default list, for a stack value read without defaults filled in.
const DEFAULT_BLOCKED: readonly string[] = stackSchema.properties.policy.properties.blockedDomains.default;

/** Adopted entries expire within this many days at most, so a human must look again soon. */
export const ADOPTION_DAYS = 90;

export interface AdoptionInput {
  asOf: string;
  stack: Partial<StackFile>;
  guestFiles: readonly { path: string; text?: string; value?: { domains?: unknown } }[];
  /** Where a new partner file goes, such as "guests". */
  newFileDir: string;
  undeclared: readonly UndeclaredGuest[];
}

export interface AdoptedEntry {
  email: string;
  file: string;
  guest: UndeclaredGuest;
}

export interface FileChange {
  path: string;
  /** Undefined for a new file. */
  before?: string;
  after: string;
}

export interface Adoption {
  files: FileChange[];
  adopted: AdoptedEntry[];
  /** Guests or grants not adopted, and why. */
  skipped: { email: string; reason: string }[];
}

export function buildAdoption(input: AdoptionInput): Adoption {
  const { stack, asOf } = input;
  const skipped: Adoption["skipped"] = [];
  const byFile = new Map<string, { entries: GuestEntryFields[]; domain: string }>();
  const adopted: AdoptedEntry[] = [];
  for (const guest of input.undeclared) {
    const refusal = refusalOf(guest, stack);
    if (refusal) {
      skipped.push({ email: guest.email, reason: refusal });
      continue;
    }
    const domain = splitAddress(guest.email)!.domain;
    const file = input.guestFiles.find((f) => matchDomain(domain, domainsOf(f.value)) !== undefined)?.path ?? `${input.newFileDir}/${partnerFileName(domain)}`;
    const entry = entryOf(guest, stack, asOf, skipped);
    const target = byFile.get(file) ?? { entries: [], domain };
    target.entries.push(entry);
    byFile.set(file, target);
    adopted.push({ email: guest.email, file, guest });
  }
  // Written by the one guest editor, as guestops add writes an entry: every other byte of the file stays.
  const files: FileChange[] = [];
  for (const [path, { entries, domain }] of [...byFile.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const before = input.guestFiles.find((f) => f.path === path)?.text;
    const start = before ?? newPartnerText(path, partnerPlaceholder(domain), domain, `Created by guestops import on ${asOf} for guests adopted from the tenant. CONFIRM the partner's name.`);
    const result = appendGuests(path, start, entries.map((fields) => ({ fields, comment: CONFIRM(asOf) })));
    if ("problem" in result) {
      // The file cannot take the entries faithfully: its guests are left out, with where and why.
      const { file, line, column, message } = result.problem;
      for (const a of adopted.filter((a) => a.file === path)) skipped.push({ email: a.email, reason: `${file}:${line}:${column}: ${message}` });
      continue;
    }
    files.push({ path, ...(before !== undefined && { before }), after: result.text });
  }
  return { files, adopted: adopted.filter((a) => files.some((f) => f.path === a.file)), skipped };
}

// Guests the rules would refuse are left out with the reason, so the rest are still adopted.
function refusalOf(guest: UndeclaredGuest, stack: Partial<StackFile>): string | undefined {
  const parts = splitAddress(guest.email);
  if (!parts || /\s/.test(guest.email)) return "the account has no usable email address; declare it by hand";
  // The domain names the new partner file: anything but a plain DNS name could name another path.
  if (!isPlainDomain(parts.domain)) return `the account's address ${JSON.stringify(guest.email)} is not in a plain DNS domain (letters, digits and hyphens between dots); declare it by hand`;
  const policy = stack.policy ?? {};
  if (matchDomain(parts.domain, lower(stack.internalDomains))) return `${parts.domain} is an internal domain: a member, not a guest`;
  if (matchDomain(parts.domain, lower(policy.blockedDomains ?? DEFAULT_BLOCKED))) return `${parts.domain} is in policy.blockedDomains; remove the account's access by hand or ask for a work address`;
  const allowed = lower(policy.allowedDomains);
  if (allowed.length > 0 && !matchDomain(parts.domain, allowed)) return `${parts.domain} is not in policy.allowedDomains; add it there in a reviewed change first`;
  return undefined;
}

function entryOf(guest: UndeclaredGuest, stack: Partial<StackFile>, asOf: string, skipped: Adoption["skipped"]): GuestEntryFields {
  const groups: string[] = [];
  const apps: { app: string; role?: string }[] = [];
  const limits = [ADOPTION_DAYS, stack.policy?.maxExpiryDays ?? ADOPTION_DAYS];
  let sponsor: string | undefined;
  for (const g of guest.grants) {
    if (g.kind === "group") {
      const entry = stack.groups?.[g.key];
      // allowGuests: false means the owners said no to guests: that access is not adopted but reported.
      if (!entry || entry.allowGuests === false) {
        skipped.push({ email: guest.email, reason: `membership of ${g.key} not adopted: the catalog does not allow guests there; remove it by hand` });
        continue;
      }
      groups.push(g.key);
      sponsor ??= entry.owners?.[0];
      if (entry.maxExpiryDays) limits.push(entry.maxExpiryDays);
    } else {
      const app = stack.apps?.[g.key];
      if (!app || (g.role !== undefined && !Object.hasOwn(app.roles ?? {}, g.role))) {
        skipped.push({ email: guest.email, reason: `role ${g.role} of app ${g.key} not adopted: the catalog does not name it` });
        continue;
      }
      apps.push(g.role !== undefined ? { app: g.key, role: g.role } : { app: g.key });
      if (app.maxExpiryDays) limits.push(app.maxExpiryDays);
    }
  }
  // The owning group's first owner answers for the guest; else the app's; else a stack owner.
  for (const g of guest.grants) if (g.kind === "app") sponsor ??= stack.apps?.[g.key]?.owners?.[0];
  sponsor ??= stack.owners?.[0];
  const held = [...groups, ...apps.map((a) => (a.role ? `${a.app}/${a.role}` : a.app))];
  return {
    email: guest.email,
    displayName: guest.displayName && guest.displayName.trim() ? guest.displayName : guest.email,
    objectId: guest.objectId,
    ...(sponsor && { sponsor }),
    expires: addDays(asOf, Math.min(...limits)),
    // A placeholder that validation refuses (importConfirmed) until a person writes the reason.
    justification: justificationPlaceholder(asOf, held),
    groups,
    apps,
  };
}

/** The line above each adopted entry, which the importConfirmed rule's reader deletes once it is checked. */
const CONFIRM = (asOf: string) => `CONFIRM: adopted from the tenant on ${asOf} by guestops import. A person checks sponsor and expiry, replaces the justification, then deletes this line.`;

/** A DNS name of two or more labels: letters, digits and inner hyphens, at most 63 characters each. */
export function isPlainDomain(domain: string): boolean {
  return domain.length <= 253 && /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(domain);
}

/** The new partner file of a plain domain: fabrikam.com → fabrikam-com.yaml, one file name, no folder. */
export function partnerFileName(domain: string): string {
  if (!isPlainDomain(domain)) throw new Error(`partnerFileName: ${JSON.stringify(domain)} is not a plain domain`);
  return `${domain.replace(/\./g, "-")}.yaml`;
}

function domainsOf(value: { domains?: unknown } | undefined): string[] {
  return lower(value?.domains);
}

function lower(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string").map((v) => v.toLowerCase()) : [];
}
