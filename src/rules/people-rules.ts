// Rules for the people who answer for guests: sponsors, catalog owners and the stack's owners.
import { matchDomain } from "../model/address";
import { quote } from "../model/words";
import { lookalikeProblem } from "./addresses";
import type { LoadedFile } from "../load/load-repo";
import type { Path, Rule, RuleContext } from "./rule";
import { domainOf, isPlainMap, lower, stringList } from "./values";

interface Person {
  file: LoadedFile<unknown>;
  path: Path;
  role: string;
  address: string;
}

/** Every sponsor and owner address, with where it is written. */
function people(ctx: RuleContext): Person[] {
  const found: Person[] = [];
  for (const file of ctx.files) if (typeof file.value?.sponsor === "string") found.push({ file, path: ["sponsor"], role: "sponsor", address: file.value.sponsor });
  for (const e of ctx.entries) if (typeof e.guest.sponsor === "string") found.push({ file: e.file, path: [...e.path, "sponsor"], role: "sponsor", address: e.guest.sponsor });
  const stackFile = ctx.stackFile;
  if (!stackFile) return found;
  stringList(ctx.stack.owners).forEach((address, i) => found.push({ file: stackFile, path: ["owners", i], role: "stack owner", address }));
  for (const kind of ["groups", "apps"] as const) {
    const catalog = ctx.stack[kind];
    if (!isPlainMap(catalog)) continue;
    for (const [key, entry] of Object.entries(catalog)) {
      if (!isPlainMap(entry)) continue;
      stringList(entry.owners).forEach((address, i) => found.push({ file: stackFile, path: [kind, key, "owners", i], role: `owner of ${kind === "groups" ? "group" : "app"} "${key}"`, address }));
    }
  }
  return found;
}

// Sponsors and owners approve access: a homoglyph or invisible character could pass a look-alike of a
// colleague through review, as it could a guest's address.
export const asciiPeople: Rule = (ctx) => {
  for (const p of people(ctx)) {
    const problem = lookalikeProblem(p.address);
    if (problem) ctx.error(p.file, p.path, `${p.role} ${quote(p.address)} ${problem}`);
  }
};

// The stack owners approve policy changes and adoptions, so they are people of the home tenant, as
// catalog owners are.
export const stackOwnersAreInternal: Rule = (ctx) => {
  const file = ctx.stackFile;
  const internal = lower(stringList(ctx.stack.internalDomains));
  if (!file || internal.length === 0) return;
  stringList(ctx.stack.owners).forEach((owner, i) => {
    const domain = domainOf(owner);
    if (domain !== undefined && !lookalikeProblem(owner) && !matchDomain(domain, internal)) {
      ctx.error(file, ["owners", i], `stack owner ${quote(owner)} is not an internal address; stack owners must be in ${internal.join(" or ")}`);
    }
  });
};

export const peopleRules: readonly Rule[] = [asciiPeople, stackOwnersAreInternal];
