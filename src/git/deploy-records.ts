// Deployment records: one annotated tag per deployment, guestops/deploy/<stack>/<UTC timestamp>, never
// moved, holding the commit, the time, the run's URL and the resource summary. Plan's default base and
// the audit's deployedAt. Anyone who can push can create a tag, so a tag counts only when it proves
// itself (judgeDeployTag); read-deploy-records.ts reads them.
import { createAnnotatedTag } from "./write-notes";

export const DEPLOY_TAG_PREFIX = "guestops/deploy";

export interface DeployRecord {
  stack: string;
  commit: string;
  /** ISO-8601 UTC, to the second. */
  at: string;
  runUrl?: string;
  summary?: Record<string, number>;
}

/** 2026-12-01T06:30:00Z → 20261201T063000Z: sortable, and legal in a ref name (no colons). */
export function tagStamp(at: string): string {
  return at.replace(/\.\d+Z$/, "Z").replace(/[-:]/g, "");
}

export function deployTagName(stack: string, at: string): string {
  return `${DEPLOY_TAG_PREFIX}/${stack}/${tagStamp(at)}`;
}

/** The tag's message: a subject for people, then the record as JSON for tools. */
export function renderDeployRecord(record: DeployRecord): string {
  return `guestops deploy ${record.stack} at ${record.at}\n\n${JSON.stringify(record, null, 2)}\n`;
}

/** The day (YYYY-MM-DD) a tag name says its deployment happened, or undefined for a foreign name. */
export function dayOfTag(name: string): string | undefined {
  const m = /\/(\d{4})(\d{2})(\d{2})T\d{6}Z$/.exec(name);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

export async function writeDeployRecord(cwd: string, record: DeployRecord): Promise<string> {
  const name = deployTagName(record.stack, record.at);
  await createAnnotatedTag(cwd, name, record.commit, renderDeployRecord(record));
  return name;
}

/**
 * The record in a tag's message, exactly as renderDeployRecord writes it: the subject names the stack and
 * the time that the JSON holds. Anything else is no record.
 */
export function parseDeployRecord(message: string): DeployRecord | undefined {
  const split = message.indexOf("\n\n");
  if (split < 0) return undefined;
  try {
    const v = JSON.parse(message.slice(split + 2)) as Partial<DeployRecord> | null;
    if (v === null || typeof v !== "object") return undefined;
    if (typeof v.stack !== "string" || typeof v.commit !== "string" || !/^[0-9a-f]{40,64}$/.test(v.commit)) return undefined;
    if (typeof v.at !== "string" || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(v.at) || Number.isNaN(Date.parse(v.at))) return undefined;
    if (message.slice(0, split) !== `guestops deploy ${v.stack} at ${v.at}`) return undefined;
    return { stack: v.stack, commit: v.commit, at: v.at };
  } catch {
    return undefined;
  }
}

/** A tag under guestops/deploy/<stack>/, as Git holds it: every field is the pusher's to choose. */
export interface DeployTag {
  /** The tag's name, without refs/tags/. */
  name: string;
  /** "tag" for an annotated tag; "commit" for a lightweight one. */
  type: string;
  /** For an annotated tag, from its object: what it points at, the name it was made with, its tagger's time, its message. */
  object?: { id: string; type: string; tag: string; taggedAt?: string; message: string };
}

export interface TrustedRecord extends DeployRecord {
  tag: string;
}

export interface PassedOver {
  tag: string;
  reason: string;
}

/** A record may be tagged a little before the time it records: the deploy and record jobs run on different machines. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

export interface JudgeContext {
  stack: string;
  /** ISO time: the moment the record is judged for. A record dated after it is refused. */
  notAfter: string;
  /** ISO time: the clock. A tag made after it is refused. */
  now: string;
}

/**
 * Whether a deploy tag proves itself, before its commit's place in history is checked: an annotated tag,
 * made under its own name, whose message is the record of this stack and of the commit it points at,
 * named for the time it records, dated no later than the moment of judging, and tagged after it.
 * The tagger's time is the pusher's to set as well, so it can only catch a careless forgery, never prove one.
 */
export function judgeDeployTag(tag: DeployTag, ctx: JudgeContext): TrustedRecord | PassedOver {
  const passed = (reason: string): PassedOver => ({ tag: tag.name, reason });
  const o = tag.object;
  if (tag.type !== "tag") return passed(`a ${tag.type === "commit" ? "lightweight" : tag.type} tag, not a record: guestops record-deploy writes annotated tags`);
  if (o === undefined) return passed("its tag object cannot be read, or is too large to be a record");
  if (o.tag !== tag.name) return passed(`its tag object was made as ${JSON.stringify(o.tag)}, not under this name`);
  if (o.type !== "commit") return passed(`it points at a ${o.type}, not a commit`);
  const record = parseDeployRecord(o.message);
  if (record === undefined) return passed("its message is not a deploy record as guestops record-deploy writes it");
  if (record.stack !== ctx.stack) return passed(`its record is of stack ${JSON.stringify(record.stack)}, not ${JSON.stringify(ctx.stack)}`);
  if (record.commit !== o.id) return passed(`its record names commit ${record.commit.slice(0, 12)}, but the tag points at ${o.id.slice(0, 12)}`);
  if (deployTagName(ctx.stack, record.at) !== tag.name) return passed(`its record is dated ${record.at}, which is not the time its name says`);
  if (record.at > ctx.notAfter) return passed(`its record is dated ${record.at}, after ${ctx.notAfter}, the moment this is judged for: no deployment has happened yet at that time`);
  const tagged = o.taggedAt === undefined ? Number.NaN : Date.parse(o.taggedAt);
  if (Number.isNaN(tagged)) return passed("its tag object has no tagger time");
  if (tagged < Date.parse(record.at) - CLOCK_SKEW_MS) return passed(`it was tagged at ${o.taggedAt}, before the deployment it records (${record.at})`);
  if (tagged > Date.parse(ctx.now) + CLOCK_SKEW_MS) return passed(`it was tagged at ${o.taggedAt}, which is in the future`);
  return { ...record, tag: tag.name };
}

export function isTrusted(r: TrustedRecord | PassedOver): r is TrustedRecord {
  return "commit" in r;
}

/**
 * The records that count, newest first, and the tags passed over (newest first), once each candidate's
 * commit has been looked for on the first-parent history of the head (`onChain`): a deployment is only
 * ever of the branch's own commits.
 */
export function sortDeployTags(tags: readonly DeployTag[], ctx: JudgeContext & { head: string }, onChain: ReadonlySet<string>): { trusted: TrustedRecord[]; passedOver: PassedOver[] } {
  const trusted: TrustedRecord[] = [];
  const passedOver: PassedOver[] = [];
  for (const tag of [...tags].sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0))) {
    const judged = judgeDeployTag(tag, ctx);
    if (!isTrusted(judged)) passedOver.push(judged);
    else if (!onChain.has(judged.commit)) passedOver.push({ tag: tag.name, reason: `its commit ${judged.commit.slice(0, 12)} is not on the first-parent history of ${ctx.head}` });
    else trusted.push(judged);
  }
  return { trusted, passedOver };
}

/** The commits a first-parent walk must look for: those of the tags that pass every other check. */
export function candidateCommits(tags: readonly DeployTag[], ctx: JudgeContext): string[] {
  return [...new Set(tags.map((t) => judgeDeployTag(t, ctx)).flatMap((j) => (isTrusted(j) ? [j.commit] : [])))];
}

/** Parses a raw tag object (git cat-file tag): headers, a blank line, the message, and perhaps a signature. */
export function parseTagObject(bytes: Uint8Array): NonNullable<DeployTag["object"]> {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
  const split = text.indexOf("\n\n");
  const headers = (split < 0 ? text : text.slice(0, split)).split("\n");
  const header = (key: string) => headers.find((l) => l.startsWith(`${key} `))?.slice(key.length + 1) ?? "";
  let message = split < 0 ? "" : text.slice(split + 2);
  const signature = /\n?-----BEGIN (PGP|SSH) SIGNATURE-----\n[\s\S]*$/.exec(message);
  if (signature) message = message.slice(0, signature.index) + (signature.index > 0 ? "\n" : "");
  const when = /> (\d+) [+-]\d{4}$/.exec(header("tagger"));
  return { id: header("object"), type: header("type"), tag: header("tag"), ...(when && { taggedAt: new Date(Number(when[1]) * 1000).toISOString().replace(/\.\d+Z$/, "Z") }), message };
}
