// Rules for people.yaml: the map from owners' addresses to code-host logins that the approval gate reads.
// Without people.yaml there is no gate to feed, so these rules say nothing (see docs/pipelines/README.md).
import type { LoadedFile } from "../load/load-repo";
import type { PeopleFile, Person } from "../model/people-schema";
import { quote } from "../model/words";
import type { Path, Rule } from "./rule";

function peopleOf(file: LoadedFile<PeopleFile> | undefined): Partial<Person>[] {
  const list: unknown = file?.value?.people;
  return Array.isArray(list) ? (list as unknown[]).filter((p): p is Partial<Person> => typeof p === "object" && p !== null) : [];
}

/** Every owner the stack file names, with where it is written. */
function ownersOf(stack: Record<string, unknown>): { email: string; path: Path; what: string }[] {
  const found: { email: string; path: Path; what: string }[] = [];
  const add = (list: unknown, path: Path, what: string) => {
    if (Array.isArray(list)) list.forEach((o, i) => typeof o === "string" && found.push({ email: o, path: [...path, i], what }));
  };
  add(stack.owners, ["owners"], "stack owner");
  for (const kind of ["groups", "apps"] as const) {
    const catalog = stack[kind];
    if (typeof catalog !== "object" || catalog === null) continue;
    for (const [key, entry] of Object.entries(catalog as Record<string, unknown>)) {
      add((entry as { owners?: unknown } | null)?.owners, [kind, key, "owners"], `owner of ${kind === "groups" ? "group" : "app"} "${key}"`);
    }
  }
  return found;
}

// An owner whose login is unknown could never approve, so every change they own would wait for ever.
export const ownersHaveLogins: Rule = (ctx) => {
  if (!ctx.people?.value || !ctx.stackFile) return;
  const mapped = new Set(peopleOf(ctx.people).filter((p) => typeof p.github === "string" || typeof p.azureDevOps === "string").flatMap((p) => (typeof p.email === "string" ? [p.email.toLowerCase()] : [])));
  for (const owner of ownersOf(ctx.stack as Record<string, unknown>)) {
    if (mapped.has(owner.email.toLowerCase())) continue;
    ctx.error(ctx.stackFile, owner.path, `${owner.what} ${quote(owner.email)} has no login in people.yaml, so the approval gate could never count their review; add an entry with this email and their github (or azureDevOps) login to people.yaml`);
  }
};

// One login for two people would let one of them approve as the other; one address twice is ambiguous.
export const peopleUnique: Rule = (ctx) => {
  const file = ctx.people;
  if (!file?.value) return;
  for (const field of ["email", "github", "azureDevOps"] as const) {
    const seen = new Map<string, number>();
    peopleOf(file).forEach((p, i) => {
      const value = p[field];
      if (typeof value !== "string") return;
      const prior = seen.get(value.toLowerCase());
      if (prior === undefined) seen.set(value.toLowerCase(), i);
      else ctx.error(file, ["people", i, field], `${field} ${quote(value)} is already given to people[${prior}]; each address and login belongs to one person: remove or correct one of them`);
    });
  }
};

export const loginRules: readonly Rule[] = [ownersHaveLogins, peopleUnique];
