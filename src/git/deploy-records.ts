// Deployment records: one annotated tag per deployment, guestops/deploy/<stack>/<UTC timestamp>, never
// moved, holding the commit, the time, the run's URL and the resource summary. Plan's default base.
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
