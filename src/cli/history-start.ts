// Where the history that audit, report and access read begins. A fork of the guestops repository carries
// the bundled example's commits; a team records the first commit of its own tenant (or a date) in
// .guestops.yaml, `audit: { since: ... }`, so that its audit does not list the example's guests.
//
// The default must not let a pull request hide history: the audit takes the start that .guestops.yaml
// recorded FIRST on the audited branch's first-parent line, not the one at its tip. Moving the start later
// in a later commit changes nothing but a warning; only --since on the command line starts elsewhere.
// The commit that first recorded it is itself after the start, so it is always in what the audit lists,
// with its author, PR and approvers. A recorded date later than that commit counts from the commit's day.
import { LineCounter, parseDocument, isMap, isScalar, type Node } from "yaml";
import { gitOutput, runGit } from "../git/run-git";
import { isRealDate } from "../model/dates";
import { MAX_FILE_BYTES } from "../load/parse-yaml";
import { UsageError } from "./errors";

export const SETTINGS_FILE = ".guestops.yaml";

export interface HistoryStart {
  /** The first commit read: the history before it is skipped unread. Null: the branch's first commit. */
  commit: string | null;
  /** The first day listed. Null: from the start. */
  day: string | null;
  /** Where the start came from, for the report's header and the warnings. */
  source: "--since" | typeof SETTINGS_FILE | null;
  /** The commit that first recorded the start in .guestops.yaml. */
  recordedIn: string | null;
}

const NONE: HistoryStart = { commit: null, day: null, source: null, recordedIn: null };
const COMMIT_ID = /^[0-9a-f]{40}$/;

/** `--since` as typed: a day (YYYY-MM-DD) is a day; anything else names a commit. */
export function isDayShaped(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value);
}

/**
 * The start: --since (a day, or any revision on `chain`) when given, else the one .guestops.yaml first
 * recorded on `chain` (the audited commit's first-parent line, newest first).
 */
export async function resolveStart(cwd: string, head: string, chain: readonly string[], since: string | undefined, warn: (line: string) => void): Promise<HistoryStart> {
  if (since !== undefined) {
    if (isDayShaped(since)) return { ...NONE, day: since, source: "--since" };
    return { ...NONE, commit: await commitOnChain(cwd, since, chain, "--since", `--since ${JSON.stringify(since)}`), source: "--since" };
  }
  const recordings = (await gitOutput(cwd, ["log", "--first-parent", "--reverse", "--format=%H %cs", head, "--", SETTINGS_FILE])).toString("utf8").split("\n").filter((l) => l !== "");
  let first: { value: string; at: string; in: string; day: string } | undefined;
  for (const line of recordings) {
    const [commit, day] = line.split(" ") as [string, string];
    const recorded = readSince(await showFile(cwd, commit), `${SETTINGS_FILE} at ${commit.slice(0, 12)}`);
    if (recorded !== undefined) {
      first = { ...recorded, in: commit, day };
      break;
    }
  }
  if (first === undefined) return NONE;
  // Later values are not read one by one: only what the audited commit says, to warn that it is ignored.
  if (first.in !== head) {
    const now = safeReadSince(await showFile(cwd, head), `${SETTINGS_FILE} at ${head.slice(0, 12)}`);
    if (now?.value !== first.value) {
      warn(`warning: ${now ? `${now.at} audit.since ${JSON.stringify(now.value)}` : `${SETTINGS_FILE} at ${head.slice(0, 12)} sets no audit.since, and`} differs from the start first recorded (${JSON.stringify(first.value)}, commit ${first.in.slice(0, 12)}); the audit keeps the first: a recorded start never moves, pass --since to start elsewhere`);
    }
  }
  if (isDayShaped(first.value)) return { ...NONE, day: first.value > first.day ? first.day : first.value, source: SETTINGS_FILE, recordedIn: first.in };
  return { ...NONE, commit: await commitOnChain(cwd, first.value, chain, SETTINGS_FILE, `${first.at} audit.since ${first.value}`), source: SETTINGS_FILE, recordedIn: first.in };
}

async function commitOnChain(cwd: string, ref: string, chain: readonly string[], flag: string, what: string): Promise<string> {
  const r = await runGit(cwd, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`]);
  const commit = r.code === 0 ? r.stdout.toString("utf8").trim() : "";
  if (commit === "") throw new UsageError(`${what} is not a commit of this repository`, `name a commit (its id, a tag or a branch) or a day as YYYY-MM-DD${flag === "--since" ? "" : `, in ${SETTINGS_FILE}`}`);
  if (!chain.includes(commit)) throw new UsageError(`${what} is not on the first-parent history that is read`, `name a commit of the audited branch itself (git log --first-parent), such as the first commit of your own tenant`);
  return commit;
}

async function showFile(cwd: string, commit: string): Promise<string | undefined> {
  const r = await runGit(cwd, ["show", `${commit}:./${SETTINGS_FILE}`]);
  if (r.code !== 0) return undefined;
  if (r.stdout.length > MAX_FILE_BYTES) throw new UsageError(`${SETTINGS_FILE} at ${commit.slice(0, 12)} is ${r.stdout.length} bytes, over the ${MAX_FILE_BYTES}-byte limit`, `keep ${SETTINGS_FILE} to its few settings, or pass --since`);
  return r.stdout.toString("utf8");
}

/** The audited commit's value, only to warn: a broken file there does not stop the audit of the first. */
function safeReadSince(text: string | undefined, file: string): { value: string; at: string } | undefined {
  try {
    return readSince(text, file);
  } catch (err) {
    if (err instanceof UsageError) return { value: "(unreadable)", at: file };
    throw err;
  }
}

/** audit.since from the file's text, with its position; undefined when the file sets none. */
export function readSince(text: string | undefined, file: string): { value: string; at: string } | undefined {
  if (text === undefined) return undefined;
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const at = (node: Node | null | undefined): string => {
    const offset = node?.range?.[0] ?? 0;
    const { line, col } = lines.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  const bad = doc.errors[0];
  if (bad) throw new UsageError(`${file}:${bad.linePos?.[0].line ?? 1}:${bad.linePos?.[0].col ?? 1} is not valid YAML: ${bad.message.split("\n")[0]}`, `fix ${SETTINGS_FILE}, or pass --since`);
  const audit = isMap(doc.contents) ? doc.contents.get("audit", true) : undefined;
  if (audit === undefined || audit === null) return undefined;
  if (!isMap(audit)) throw new UsageError(`${at(audit as Node)} audit is not a mapping`, `write audit: { since: <the first commit of your own tenant, its full id> }`);
  const node = audit.get("since", true);
  if (node === undefined) return undefined;
  const value = isScalar(node) ? node.value : undefined;
  if (typeof value !== "string" || !(COMMIT_ID.test(value) || (isDayShaped(value) && isRealDate(value)))) {
    throw new UsageError(`${at(node as Node)} audit.since ${JSON.stringify(isScalar(node) ? node.value : "(not a single value)")} is not a commit id or a date`, "write the full 40-character id of the first commit of your own tenant (git rev-parse HEAD), or a day as YYYY-MM-DD; a branch or tag name would move");
  }
  return { value, at: at(node as Node) };
}
