// Rules for guests adopted by objectId: the id names an account that exists already, and nothing
// offline can check that it is a guest's.
import { isImportPlaceholder } from "../model/import-placeholder";
import { quote } from "../model/words";
import type { Rule } from "./rule";
import { isPlainMap } from "./values";

// An objectId copied from the catalog or the tenant names a group, a service principal or the
// directory itself, never a guest: every grant would be aimed at the wrong object.
export const objectIdNotCatalogId: Rule = (ctx) => {
  const known = new Map<string, string>();
  if (typeof ctx.stack.tenantId === "string") known.set(ctx.stack.tenantId.toLowerCase(), "the stack's tenantId");
  for (const [kind, idField, what] of [["groups", "objectId", "group"], ["apps", "servicePrincipalId", "app"]] as const) {
    const catalog = ctx.stack[kind];
    if (!isPlainMap(catalog)) continue;
    for (const [key, entry] of Object.entries(catalog)) {
      const id = isPlainMap(entry) ? entry[idField] : undefined;
      if (typeof id === "string" && !known.has(id.toLowerCase())) known.set(id.toLowerCase(), `the ${idField} of ${what} "${key}" in the stack's catalog`);
    }
  }
  for (const e of ctx.entries) {
    const id = e.guest.objectId;
    if (typeof id !== "string") continue;
    const clash = known.get(id.toLowerCase());
    if (clash) ctx.error(e.file, [...e.path, "objectId"], `objectId ${id} of ${quote(e.email ?? "this guest")} is ${clash}, not a guest's account; copy the guest user's object id from Entra ID, or remove objectId to invite the guest`);
  }
};

// guestops import guesses an adopted guest's sponsor and expiry and cannot know why they have access: an
// entry no person confirmed must not merge, so its placeholders are errors until they are replaced.
export const importConfirmed: Rule = (ctx) => {
  for (const file of ctx.files) {
    const partner = (file.value as { partner?: unknown } | undefined)?.partner;
    if (isImportPlaceholder(partner)) {
      ctx.error(file, ["partner"], `partner ${quote(String(partner))} is guestops import's placeholder: write the partner organisation's name, as plans and reports show it`);
    }
  }
  for (const e of ctx.entries) {
    if (!isImportPlaceholder(e.guest.justification)) continue;
    ctx.error(
      e.file,
      [...e.path, "justification"],
      `the justification of ${quote(e.email ?? "this guest")} is guestops import's placeholder, so no one has confirmed this adoption yet: check that the sponsor answers for the guest and that expires is right, ` +
        `then replace the justification with the real reason for the access (a ticket, contract or project) and delete the # CONFIRM comment above the entry`,
    );
  }
};

export const adoptionRules: readonly Rule[] = [objectIdNotCatalogId, importConfirmed];
