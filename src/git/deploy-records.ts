// Deployment records: one annotated tag per deployment, guestops/deploy/<stack>/<UTC timestamp>, never
// moved, holding the commit, the time, the run's URL and the resource summary. Plan's default base.
import { runGit } from "./run-git";
import { createAnnotatedTag, listTags } from "./write-notes";

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

/** The newest deployment record of a stack, if any: what is deployed now. */
export async function latestDeployRecord(cwd: string, stack: string): Promise<{ tag: string; day: string } | undefined> {
  for (const tag of await listTags(cwd, `${DEPLOY_TAG_PREFIX}/${stack}/`)) {
    const day = dayOfTag(tag);
    if (day !== undefined) return { tag, day };
  }
  return undefined;
}

/**
 * Every deployment record of a stack, oldest first. A tag's message is untrusted: one that does not hold
 * a record of this stack, with a commit id and a UTC time, is skipped.
 */
export async function readDeployRecords(cwd: string, stack: string): Promise<DeployRecord[]> {
  const r = await runGit(cwd, ["for-each-ref", "--sort=refname", "--format=%(contents)%00", `refs/tags/${DEPLOY_TAG_PREFIX}/${stack}/`]).catch(() => undefined);
  if (r === undefined || r.code !== 0) return [];
  return r.stdout
    .toString("utf8")
    .split("\0")
    .flatMap((message) => {
      const record = parseDeployRecord(message);
      return record && record.stack === stack ? [record] : [];
    });
}

export function parseDeployRecord(message: string): DeployRecord | undefined {
  const json = message.slice(message.indexOf("{"));
  try {
    const v = JSON.parse(json) as Partial<DeployRecord>;
    if (typeof v.stack !== "string" || typeof v.commit !== "string" || !/^[0-9a-f]{40,64}$/.test(v.commit)) return undefined;
    if (typeof v.at !== "string" || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(v.at)) return undefined;
    return { stack: v.stack, commit: v.commit, at: v.at.replace(/\.\d+Z$/, "Z") };
  } catch {
    return undefined;
  }
}
