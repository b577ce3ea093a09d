// When each event reached the tenant: the first deployment, recorded as a tag by the pipeline, of the
// event's commit or of a later first-parent commit. An expiry takes effect at the first deployment on or
// after its day. Pure: events, the first-parent order and the records in; the events' `deployedAt` set.
import type { DeployRecord } from "../git/deploy-records";
import type { AuditEvent } from "./audit-types";

/** `firstParent` is the branch's first-parent chain, newest first (as `git rev-list --first-parent`). */
export function markDeployed(events: AuditEvent[], firstParent: readonly string[], records: readonly DeployRecord[]): void {
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
}
