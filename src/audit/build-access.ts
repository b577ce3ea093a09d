// Entitlements on a date: the state at the last first-parent commit on or before the end of that day,
// judged on that day, with the change that began each continuous grant. Pure: events and a state in.
import type { DesiredState } from "../model/desired-state";
import type { AuditEvent } from "./audit-types";
import { targetOf } from "./build-events";

export interface AccessGrant {
  target: string;
  /** When the continuous grant began. */
  since: string;
  /** The change that began it. */
  commit: string | null;
  pr: number | null;
  approvers: string[];
}

export interface AccessGuest {
  email: string;
  partner: string;
  sponsor: string | null;
  expires: string;
  status: string;
  grants: AccessGrant[];
}

/** The JSON contract of `guestops access --as-of DATE --format json`. */
export interface Access {
  asOf: string;
  stack: string;
  /** The last first-parent commit on or before the end of `asOf` that made the state; null before the first. */
  commit: string | null;
  guests: AccessGuest[];
}

/** Where each grant held at the end of the events began: `guest target` to the granting event. */
export function buildGrantLedger(events: readonly AuditEvent[]): Map<string, AuditEvent> {
  const open = new Map<string, AuditEvent>();
  for (const e of events) {
    if (e.guest === null || e.target === null) continue;
    const key = `${e.guest} ${e.target}`;
    if (e.kind === "granted") open.set(key, e);
    else if (e.kind === "revoked") open.delete(key);
  }
  return open;
}

export function buildAccess(asOf: string, stack: string, state: DesiredState | undefined, commit: string | null, events: readonly AuditEvent[]): Access {
  const ledger = buildGrantLedger(events);
  const guests: AccessGuest[] = [];
  for (const g of state?.guests ?? []) {
    const targets = g.status !== "active" ? [] : [...g.groups.map((key) => targetOf({ kind: "group", key })), ...g.apps.map((a) => targetOf({ kind: "app", key: a.app, role: a.role }))];
    const grants = targets.sort().map((target): AccessGrant => {
      const began = ledger.get(`${g.key} ${target}`);
      return { target, since: began?.at ?? "", commit: began?.commit ?? null, pr: began?.pr ?? null, approvers: began ? [...began.approvers] : [] };
    });
    guests.push({ email: g.key, partner: g.partner, sponsor: g.sponsor?.toLowerCase() ?? null, expires: g.expires, status: g.status, grants });
  }
  return { asOf, stack, commit, guests };
}
