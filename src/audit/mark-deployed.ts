// When each event reached the tenant: the first deployment, recorded as a tag by the pipeline, of the
// event's commit or of a later first-parent commit. An expiry takes effect at the first deployment on or
// after its day. Only records that prove themselves count (judgeDeployTag); each deploy tag passed over
// is a record-unreadable event, so that an auditor sees it rather than a deployedAt it set.
// Pure: events, the first-parent order and the records in; the events' `deployedAt` set.
import type { DeployRecord, PassedOver } from "../git/deploy-records";
import type { AuditEvent } from "./audit-types";

/** `firstParent` is the branch's first-parent chain, newest first (as `git rev-list --first-parent`). */
export function markDeployed(events: AuditEvent[], firstParent: readonly string[], records: readonly DeployRecord[], passedOver: readonly PassedOver[] = [], until?: string): void {
  // Position from the oldest commit; a record of a commit off the chain (another branch) deploys nothing here.
  const position = new Map(firstParent.map((c, i) => [c, firstParent.length - 1 - i]));
  const deploys = records
    .flatMap((r) => (position.has(r.commit) ? [{ at: r.at, position: position.get(r.commit)! }] : []))
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  for (const e of events) {
    const from = e.commit === null ? undefined : position.get(e.commit);
    const first = deploys.find((d) => (from === undefined ? d.at >= e.at : d.position >= from && d.at >= e.at));
    e.deployedAt = first?.at ?? null;
  }
  for (const p of passedOver) insertInOrder(events, passedOverEvent(p, until));
}

/**
 * A tag passed over, as an event at the time its name claims, or at the end of the audited period when
 * that time is later or unreadable: a forged far-future record still shows in the period that it tried to move.
 */
function passedOverEvent(p: PassedOver, until: string | undefined): AuditEvent {
  const m = /\/(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(p.tag);
  const claimed = m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z` : undefined;
  const end = until !== undefined ? `${until}T23:59:59Z` : undefined;
  const at = claimed !== undefined && !Number.isNaN(Date.parse(claimed)) && (end === undefined || claimed <= end) ? claimed : (end ?? claimed ?? "1970-01-01T00:00:00Z");
  return { at, kind: "record-unreadable", guest: null, target: null, commit: null, author: null, pr: null, prSource: null, approvers: [], approvals: [], flags: ["record-unreadable"], detail: `deploy tag ${JSON.stringify(p.tag)} passed over: ${p.reason}`, deployedAt: null };
}

function insertInOrder(events: AuditEvent[], e: AuditEvent): void {
  const i = events.findIndex((x) => x.at > e.at);
  events.splice(i < 0 ? events.length : i, 0, e);
}
