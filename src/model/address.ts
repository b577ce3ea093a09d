// Email addresses as identities: one `@`, domains compared in lower case.
import type { Guest, GuestFile } from "./guests-schema";

export interface AddressParts {
  local: string;
  domain: string;
}

/** Splits at the single `@`; undefined when there is not exactly one. */
export function splitAddress(email: string): AddressParts | undefined {
  const at = email.indexOf("@");
  if (at <= 0 || at !== email.lastIndexOf("@") || at === email.length - 1) return undefined;
  return { local: email.slice(0, at), domain: email.slice(at + 1).toLowerCase() };
}

/** The first of `parents` (lower case) that `domain` is, or is a subdomain of. */
export function matchDomain(domain: string, parents: readonly string[]): string | undefined {
  const d = domain.toLowerCase();
  return parents.find((p) => d === p || (d.length > p.length && d.endsWith(p) && d[d.length - p.length - 1] === "."));
}

/** Every guest entry that is at least a map, in file order; fields may still be malformed. */
export function* eachGuest<F extends { value?: Partial<GuestFile> }>(files: readonly F[]): Generator<{ file: F; index: number; guest: Partial<Guest> }> {
  for (const file of files) {
    const guests = file.value?.guests;
    if (!Array.isArray(guests)) continue;
    for (let index = 0; index < guests.length; index++) {
      const guest = guests[index];
      if (typeof guest === "object" && guest !== null && !Array.isArray(guest)) yield { file, index, guest };
    }
  }
}
