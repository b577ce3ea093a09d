// The thin I/O edge of the audit: one streamed `git log`, one long-lived `git cat-file --batch`, the
// one loader and the one validator, feeding the pure Timeline commit by commit.
import { CatFile } from "../git/cat-file";
import { HistorySource } from "../git/history-source";
import { parseCommitObject, type LogCommit } from "../git/parse-history";
import { openHistory, readHistory, readNoteIndex } from "../git/read-history";
import { DEFAULT_GUEST_FILES, loadRepo, pruneParseCache, stackPathOf, type ParseCache } from "../load/load-repo";
import { MAX_FILE_BYTES, releaseDocument, type ParsedYaml } from "../load/parse-yaml";
import { IncrementalValidator } from "../rules/validate-incrementally";
import type { CommitEvidence } from "./audit-types";
import { Timeline } from "./build-timeline";
import { orderCommitTimes, type OrderedTime } from "./order-commit-times";
import { buildEvidence, isoUtc } from "./parse-evidence";
import { compileGlobs } from "../load/match-glob";
import { trustedSignerOf } from "./trusted-signers";

export interface TimelineOptions {
  cwd: string;
  rev: string;
  stack: string;
  /** Last day to include (YYYY-MM-DD): commits after its end are not read, expiry is judged up to it. */
  until: string;
  /**
   * Fingerprints (parseTrustedSigner) of the code host's merge keys: a commit with a good signature by one
   * merged through the platform. Their public keys must be in the auditor's keyring (or allowed signers).
   */
  trustedSigners?: readonly string[];
  /** The first commit to read (on the first-parent line): earlier commits are skipped unread. */
  from?: string | null;
}

export interface ReadTimeline {
  timeline: Timeline;
  /** Evidence of every first-parent commit that changed the stack's files, oldest first. */
  commits: CommitEvidence[];
  head: string;
}

export async function readTimeline(opts: TimelineOptions): Promise<ReadTimeline> {
  const { root, prefix, head } = await openHistory(opts.cwd, opts.rev);
  const notes = await readNoteIndex(root);
  const cat = new CatFile(root, MAX_FILE_BYTES);
  const source = new HistorySource(cat, prefix);
  const cache: ParseCache = new Map();
  const timeline = new Timeline(opts.stack);
  const validator = new IncrementalValidator();
  const commits: CommitEvidence[] = [];
  const stackPath = stackPathOf(opts.stack);
  const pulumiPath = `Pulumi.${opts.stack}.yaml`;
  // The loader's own linear-time matcher: a hostile pattern anywhere in history cannot hold the audit up.
  let selects = compileGlobs(DEFAULT_GUEST_FILES);
  const end = Date.parse(`${opts.until}T23:59:59.999Z`);
  // Validation positions its warnings with each file's Document; only the current files keep theirs.
  let current = new Set<ParsedYaml>();
  try {
    // The whole first-parent log first (ids, dates and changed paths only): a commit's time depends on the
    // dates after it, since a committer date in the future must not hide the history that follows.
    const log: LogCommit[] = [];
    const trusted = new Set(opts.trustedSigners ?? []);
    for await (const c of readHistory(root, head, { signatures: trusted.size > 0 })) log.push(c);
    const times = orderCommitTimes(log.map((c) => c.committed));
    let started = !opts.from;
    for (let i = 0; i < log.length; i++) {
      const c = log[i]!;
      const time = times[i]!;
      if (time.at > end) break;
      const changed = source.apply(c.changes);
      // Before the start the tree is followed but nothing is read; the start is a step from nothing.
      const first = !started && c.commit === opts.from;
      if (first) started = true;
      if (!started) continue;
      // Only the stack's own files make a step; the rest of the repository's history is skipped unread.
      if (!first && !changed.some((p) => p === stackPath || p === pulumiPath || selects(p))) continue;
      const evidence = await readEvidence(cat, c, notes, time, trustedSignerOf(c.signature, trusted));
      commits.push(evidence);
      const load = await loadRepo(source, opts.stack, cache);
      if (load.stack) selects = compileGlobs(load.guestPatterns);
      // Only errors decide a commit's validity; warnings are for the people editing it.
      const day = timeline.day && timeline.day > evidence.at.slice(0, 10) ? timeline.day : evidence.at.slice(0, 10);
      timeline.commit(evidence, load, validator.validate(load, day));
      const now = new Set([load.stack, ...load.guestFiles].flatMap((f) => (f ? [f.parsed] : [])));
      for (const parsed of current) if (!now.has(parsed)) releaseDocument(parsed);
      current = now;
      pruneParseCache(cache, load);
    }
    timeline.advanceTo(opts.until);
  } finally {
    cat.close();
  }
  return { timeline, commits, head };
}

/** The commit's author and message, and its approvals note, from the cat-file process in one round trip. */
async function readEvidence(cat: CatFile, c: LogCommit, notes: Map<string, string>, time: OrderedTime, signedBy: string | undefined): Promise<CommitEvidence> {
  const noteId = notes.get(c.commit);
  const objects = await cat.read(noteId ? [c.commit, noteId] : [c.commit]);
  const object = objects.get(c.commit);
  const { author, authorEmail, message } = object?.bytes ? parseCommitObject(object.bytes) : { author: " <>", authorEmail: "", message: "" };
  const note = noteId ? objects.get(noteId)?.bytes : undefined;
  const evidence = buildEvidence({ commit: c.commit, committed: isoUtc(new Date(time.at).toISOString()), author, authorEmail, message, ...(note && { note: Buffer.from(note).toString("utf8") }), ...(signedBy !== undefined && { signedBy }) });
  return time.adjusted ? { ...evidence, dateAdjusted: true } : evidence;
}
