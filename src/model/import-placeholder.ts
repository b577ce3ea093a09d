// What guestops import writes where only a person can decide: an adopted entry's justification (whose
// message also asks for the guessed sponsor and expiry to be checked) and a new partner file's name.
// The importConfirmed rule refuses both, so an adoption that no one confirmed cannot merge.

export const IMPORT_PLACEHOLDER = "CONFIRM:";

export function isImportPlaceholder(value: unknown): boolean {
  return typeof value === "string" && value.trimStart().startsWith(IMPORT_PLACEHOLDER);
}

/** An adopted entry's justification, until a person writes the real reason. */
export function justificationPlaceholder(asOf: string, held: readonly string[]): string {
  return `${IMPORT_PLACEHOLDER} adopted from the tenant on ${asOf} by guestops import, with the access it held (${held.join(", ") || "none"}); check the sponsor and expires, then replace this with the reason for the access`;
}

/** A new partner file's name, until a person writes the partner's real name. */
export function partnerPlaceholder(domain: string): string {
  return `${IMPORT_PLACEHOLDER} the partner's name for ${domain}`;
}
