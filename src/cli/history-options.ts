// Options of the commands that read history (audit, access, report): the revision, the period, the
// stack at that revision, and filters that must name something the history holds.
import { openRevision } from "../git/read-git-revision";
import { GitError } from "../git/run-git";
import { markDeployed } from "../audit/mark-deployed";
import { readTimeline, type ReadTimeline } from "../audit/read-timeline";
import { parseTrustedSigner } from "../audit/trusted-signers";
import { readDeployRecords } from "../git/read-deploy-records";
import { gitOutput } from "../git/run-git";
import type { AuditEvent } from "../audit/audit-types";
import { isRealDate, todayUtc } from "../model/dates";
import { closest } from "../model/closest";
import { UsageError } from "./errors";
import { selectStack } from "./options";
import { isDayShaped, resolveStart, type HistoryStart } from "./history-start";

export function parseDay(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  if (!isRealDate(value)) throw new UsageError(`${flag} ${JSON.stringify(value)} is not a date`, `use a real calendar date as YYYY-MM-DD, for example ${flag} ${todayUtc()}`);
  return value;
}

export interface Period {
  since: string | null;
  until: string;
  /** --since as given when it names a commit rather than a day. */
  sinceCommit?: string;
}

export function parsePeriod(since: string | undefined, until: string | undefined): Period {
  if (since !== undefined && since !== "" && !isDayShaped(since)) return { ...parsePeriod(undefined, until), sinceCommit: since };
  const from = parseDay(since, "--since") ?? null;
  const to = parseDay(until, "--until") ?? todayUtc();
  if (from !== null && from > to) throw new UsageError(`--since ${from} is after --until ${to}`, `swap them, or pass --since on or before ${to}`);
  return { since: from, until: to };
}

/**
 * Reads the history of `rev` for the stack named by --stack, $PULUMI_STACK or the only stack at that
 * revision, from its start (history-start.ts): --since, else the one .guestops.yaml recorded. The period
 * returned has the start's day when --since gave none.
 */
export async function openTimeline(cwd: string, rev: string, stack: string | undefined, env: NodeJS.ProcessEnv, period: Period, warn: (line: string) => void = () => {}, trustedSigners: readonly string[] = []): Promise<ReadTimeline & { stack: string; start: HistoryStart; period: Period }> {
  try {
    const at = await openRevision(cwd, rev);
    const name = await selectStack(at, stack, env);
    const chain = await firstParentChain(cwd, at.revision.commit);
    const given = period.sinceCommit ?? period.since ?? undefined;
    const start = await resolveStart(cwd, at.revision.commit, chain, given, warn);
    const since = period.since ?? start.day;
    if (since !== null && since > period.until) throw new UsageError(`the history starts on ${since} (${start.source}), after --until ${period.until}`, `pass --until on or after ${since}, or --since to start earlier`);
    const read = await readTimeline({ cwd, rev: at.revision.commit, stack: name, until: period.until, from: start.commit, trustedSigners });
    // Only records that prove themselves set deployedAt; every other deploy tag is an event of its own.
    const records = await readDeployRecords(cwd, name, { head: at.revision.commit, headLabel: rev, firstParent: chain });
    markDeployed(read.timeline.events, chain, records.trusted, records.passedOver, period.until);
    return { ...read, stack: name, start, period: { since, until: period.until } };
  } catch (err) {
    if (err instanceof GitError) throw new UsageError(err.message.replace(/^--base /, "--rev "), err.hint);
    throw err;
  }
}

/** The branch's first-parent commits, newest first. */
async function firstParentChain(cwd: string, commit: string): Promise<string[]> {
  return (await gitOutput(cwd, ["rev-list", "--first-parent", commit, "--"])).toString("utf8").split("\n").filter((l) => l.length > 0);
}

/** Refuses a --guest or --target that no event of the history names: a typo must not look like "no events". */
export function checkFilter(flag: "--guest" | "--target", value: string | undefined, events: readonly AuditEvent[]): void {
  if (value === undefined) return;
  if (flag === "--target" && !/^(group:[^/]+|app:[^/]+(\/[^/]+)?)$/.test(value)) throw new UsageError(`--target ${JSON.stringify(value)} is not a target`, "write group:KEY, app:KEY/ROLE or app:KEY, with the catalog's keys, for example --target app:expenses");
  // Before the stack's first commit there is nothing to check against, and nothing to list.
  if (events.length === 0) return;
  const known = [...new Set(events.map((e) => (flag === "--guest" ? e.guest : e.target)).filter((v): v is string => v !== null))].sort();
  if (known.some((k) => k === value.toLowerCase() || (flag === "--target" && matchesTarget(k, value)))) return;
  const guess = closest(value, known);
  const what = flag === "--guest" ? "guest" : "target";
  throw new UsageError(
    `${flag} ${JSON.stringify(value)} is not a ${what} in this stack's history`,
    guess ? `did you mean ${flag} ${guess}?` : known.length > 0 ? `${what}s in the history include ${known.slice(0, 5).join(", ")}` : "the history of this stack has no guests yet",
  );
}

/** `--trusted-signer` values, checked: a fingerprint that is not one is a usage error, never a key that trusts nothing. */
export function parseTrustedSigners(values: readonly string[] | undefined): string[] {
  return (values ?? []).map((v) => {
    const signer = parseTrustedSigner(v);
    if (signer === undefined) throw new UsageError(`--trusted-signer ${JSON.stringify(v)} is not a key fingerprint`, "pass the full fingerprint of the code host's merge key: 40 hex digits for GPG (gpg --with-colons --fingerprint), or SHA256:... for SSH");
    return signer;
  });
}

export function inPeriod(e: AuditEvent, period: Period): boolean {
  const day = e.at.slice(0, 10);
  return (period.since === null || day >= period.since) && day <= period.until;
}

/** `app:expenses` names the app's every role as well as its default access; other targets match exactly. */
export function matchesTarget(target: string | null, wanted: string | undefined): boolean {
  if (wanted === undefined) return true;
  return target !== null && (target === wanted || (wanted.startsWith("app:") && !wanted.includes("/") && target.startsWith(`${wanted}/`)));
}
