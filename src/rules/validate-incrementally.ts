// Validation's verdict carried from commit to commit, for the audit: at every commit of a long history
// only the files that changed are checked again. Most rules judge each guest file on its own (with the
// stack, people.yaml and, for a few, the day); their verdict on a file is kept by its blob id until the
// stack, people.yaml or Pulumi.<stack>.yaml changes, and for the dated ones until the day does. The rules that compare files (unique emails,
// unique object ids) and those of the stack alone run over the whole state every time. A state with any
// error is validated again in full by validateRepo, so the errors reported are exactly its own.
import type { LoadResult } from "../load/load-repo";
import { alreadyExpired, expiringSoon, newEntryNotExpired, reviewedNotInFuture, reviewOverdue } from "./expiry-rules";
import {
  asciiAddresses,
  catalogReferences,
  domainAllowed,
  domainInFileDomains,
  domainNotBlocked,
  domainNotInternal,
  expiryWithinPolicy,
  groupAllowsGuests,
  invitableAddresses,
  messageOrLanguage,
  realDates,
  sponsorIsInternal,
} from "./guest-rules";
import { ccPassesDomainPolicy, fileDomainsNotBlocked, redirectUrlAllowed } from "./invitation-rules";
import { importConfirmed, objectIdNotCatalogId } from "./adoption-rules";
import { asciiPeople } from "./people-rules";
import { ruleContext, type GuestEntry, type Rule } from "./rule";
import { guestEntries, validateRepo, VALIDATION_RULES, type Validation } from "./validate-repo";

/**
 * Rules whose errors about a guest file depend on that file alone (and on the stack, people.yaml, the
 * Pulumi settings and the day); what they report elsewhere depends on no guest file at all. So the
 * errors over all files are the union of their errors over each file by itself. A rule not listed here
 * runs over all files at every commit: a new rule is right before it is fast.
 */
export const FILE_LOCAL_RULES: ReadonlySet<Rule> = new Set([
  invitableAddresses,
  asciiAddresses,
  domainInFileDomains,
  domainNotInternal,
  domainNotBlocked,
  domainAllowed,
  sponsorIsInternal,
  realDates,
  expiryWithinPolicy,
  catalogReferences,
  groupAllowsGuests,
  messageOrLanguage,
  expiringSoon,
  newEntryNotExpired,
  alreadyExpired,
  reviewOverdue,
  reviewedNotInFuture,
  fileDomainsNotBlocked,
  ccPassesDomainPolicy,
  redirectUrlAllowed,
  objectIdNotCatalogId,
  importConfirmed,
  asciiPeople,
]);

/** The file-local rules that read the day (`asOf`): their verdict on a file is kept for one day only. */
export const DATED_RULES: ReadonlySet<Rule> = new Set([expiryWithinPolicy, expiringSoon, newEntryNotExpired, alreadyExpired, reviewOverdue, reviewedNotInFuture]);

const UNDATED = VALIDATION_RULES.filter((r) => FILE_LOCAL_RULES.has(r) && !DATED_RULES.has(r));
const DATED = VALIDATION_RULES.filter((r) => FILE_LOCAL_RULES.has(r) && DATED_RULES.has(r));
const WHOLE = VALIDATION_RULES.filter((r) => !FILE_LOCAL_RULES.has(r));

interface FileVerdict {
  entries: GuestEntry[];
  /** Whether the undated file-local rules report an error in this file. */
  errors: boolean;
  /** The day `datedErrors` was judged on. */
  day?: string;
  datedErrors?: boolean;
}

export class IncrementalValidator {
  /** Each guest file's entries and local verdict, by path and blob id, under `context`. */
  private files = new Map<string, FileVerdict>();
  private context = "";

  /** validateRepo(load, asOf, { warnings: false }), with its errors; warnings are not computed. */
  validate(load: LoadResult, asOf: string): Validation {
    const full = (): Validation => validateRepo(load, asOf, { warnings: false });
    if (!load.stack || load.guestFiles.length === 0 || load.problems.some((p) => p.severity === "error")) return full();
    // A shard's own stack file counts as well as its tenant file (load.stack).
    const context = [load.stack.blobId, load.shardFile?.blobId ?? "-", load.people?.blobId ?? "-", load.pulumi?.blobId ?? "-"].join("\0");
    if (context !== this.context || load.stack.blobId === "") {
      this.files.clear();
      this.context = context;
    }
    const next = new Map<string, FileVerdict>();
    const entries: GuestEntry[] = [];
    let errors = false;
    for (const file of load.guestFiles) {
      const key = `${file.path}\0${file.blobId}`;
      let verdict = file.blobId === "" ? undefined : this.files.get(key);
      const own = { ...load, guestFiles: [file] };
      if (!verdict) {
        const fileEntries = guestEntries(own);
        verdict = { entries: fileEntries, errors: anyError(UNDATED, own, fileEntries, asOf) };
      }
      if (verdict.day !== asOf) Object.assign(verdict, { day: asOf, datedErrors: anyError(DATED, own, verdict.entries, asOf) });
      next.set(key, verdict);
      errors ||= verdict.errors || verdict.datedErrors!;
      entries.push(...verdict.entries);
    }
    this.files = next;
    if (errors || anyError(WHOLE, load, entries, asOf)) return full();
    return { errors: [], warnings: [] };
  }
}

/** Whether any of the rules reports an error: nothing is positioned, warnings are ignored. */
function anyError(rules: readonly Rule[], load: LoadResult, entries: GuestEntry[], asOf: string): boolean {
  let found = false;
  const ctx = ruleContext(load, entries, asOf, {
    error: () => {
      found = true;
    },
    warn: () => undefined,
  });
  for (const rule of rules) {
    rule(ctx);
    if (found) return true;
  }
  return false;
}
