// Validation in two layers: the schema (already checked by the loader), then policy rules.
// It never throws: every problem in every file comes back in one result.
import type { LoadResult } from "../load/load-repo";
import { byPosition, type Problem } from "../model/problem";
import { eachGuest, splitAddress } from "../model/address";
import { listSome } from "../model/words";
import { guestRules } from "./guest-rules";
import { loginRules } from "./login-rules";
import { peopleRules } from "./people-rules";
import { pulumiRules } from "./pulumi-rules";
import { placeKey, runRules, type BaseIndex, type GuestEntry, type Rule } from "./rule";
import { stackRules } from "./stack-rules";
import { adoptionRules } from "./adoption-rules";
import { invitationRules } from "./invitation-rules";
import { tenantPolicyRules } from "./tenant-policy-rules";

export interface Validation {
  errors: Problem[];
  warnings: Problem[];
}

export interface ValidateOptions {
  /** The base a plan compares with: problems of a change are then told apart from those it inherits. */
  base?: LoadResult;
  /** False when only errors matter (the audit, at every commit of a history): rule warnings are skipped. */
  warnings?: boolean;
}

/** Every policy rule, in the order their problems are reported. */
export const VALIDATION_RULES: readonly Rule[] = [...stackRules, ...peopleRules, ...loginRules, ...guestRules, ...invitationRules, ...adoptionRules, ...tenantPolicyRules, ...pulumiRules];

export function validateRepo(load: LoadResult, asOf: string, options: ValidateOptions = {}): Validation {
  const problems: Problem[] = [...load.problems];
  if (!load.stack) {
    problems.push({
      severity: "error",
      file: load.stackPath,
      line: 1,
      column: 1,
      message: `stack file ${load.stackPath} does not exist; create it (see schemas/stack.schema.json) or choose another stack with --stack`,
      rule: "stackFile",
    });
  }
  if (load.guestFiles.length === 0) {
    problems.push({
      severity: "warning",
      file: load.stackPath,
      line: 1,
      column: 1,
      message: `no guest files match ${listSome(load.guestPatterns)}; nothing is declared (a plan will refuse to remove existing guests on this basis)`,
      rule: "noGuestFiles",
    });
  }
  for (const path of load.unselected) {
    problems.push({
      severity: "warning",
      file: path,
      line: 1,
      column: 1,
      message: `this file is not read: it matches none of the stack's guestFiles patterns (${listSome(load.guestPatterns)}); rename it to end in .yaml, or move it out of the folder`,
      rule: "unselectedFile",
    });
  }
  problems.push(...runRules(VALIDATION_RULES, load, guestEntries(load), asOf, options.base && baseIndex(options.base), options.warnings !== false));
  problems.sort(byPosition);
  return {
    errors: problems.filter((p) => p.severity === "error"),
    warnings: problems.filter((p) => p.severity === "warning"),
  };
}

export function guestEntries(load: LoadResult): GuestEntry[] {
  const entries: GuestEntry[] = [];
  for (const { file, index, guest } of eachGuest(load.guestFiles)) {
    const email = typeof guest.email === "string" ? guest.email : undefined;
    const domain = email ? splitAddress(email)?.domain : undefined;
    entries.push({ file, index, guest, email, domain, path: ["guests", index] });
  }
  return entries;
}

// One index per base: the shards of a tenant are each judged against the same tenant-wide base.
const baseIndexes = new WeakMap<LoadResult, BaseIndex>();

function baseIndex(base: LoadResult): BaseIndex {
  let index = baseIndexes.get(base);
  if (!index) baseIndexes.set(base, (index = buildBaseIndex(base)));
  return index;
}

function buildBaseIndex(base: LoadResult): BaseIndex {
  const emails = new Set<string>();
  const placed = new Set<string>();
  for (const e of guestEntries(base)) {
    if (e.email === undefined) continue;
    emails.add(e.email.toLowerCase());
    placed.add(placeKey(e.file.path, e.email, e.guest));
  }
  return { emails, placed };
}
