// The audit's core: the desired state carried through time, one step per commit that changed the
// stack's files and one per day on which access lapses by date. Each step is a plan between the state
// before and after it, through the same buildPlan that `guestops plan` uses, so that an audit and a
// plan of the same two commits cannot disagree. Pure: loaded files and evidence in, events out.
import type { LoadResult } from "../load/load-repo";
import { buildDesiredState } from "../model/build-desired-state";
import { addDays, isRealDate } from "../model/dates";
import type { DesiredGuest, DesiredState } from "../model/desired-state";
import { buildPlan, type PlanInput } from "../plan/build-plan";
import { APPROVALS_NOTES_REF } from "../git/read-history";
import { policyViewOf } from "../plan/diff-policy";
import type { Validation } from "../rules/validate-repo";
import type { AuditEvent, CommitEvidence } from "./audit-types";
import { buildStepEvents, flagsOf } from "./build-events";
import { changedOnly, StateCarrier } from "./carry-state";

export interface TimelineState {
  load: LoadResult;
  state: DesiredState;
  /** The commit whose files these are. */
  commit: string;
}

export class Timeline {
  readonly events: AuditEvent[] = [];
  /** The last state that validated; undefined until one does. */
  last?: TimelineState;
  /** The day the state is judged on: never goes back, even when committer dates do. */
  day?: string;
  /** Whether any commit so far had the stack file: before that, its absence is not an error. */
  private seenStack = false;
  private readonly carrier: StateCarrier;

  constructor(readonly stackName: string) {
    this.carrier = new StateCarrier(stackName);
  }

  /** Judges the state on each day access lapses, up to and including `day`. */
  advanceTo(day: string): void {
    for (;;) {
      const next = this.last ? nextTransition(this.last.state, this.day!) : undefined;
      if (!next || next > day) break;
      const head = this.carrier.build(this.last!.load, next);
      this.step(this.last!.state, head, undefined, `${next}T00:00:00Z`);
      this.last = { ...this.last!, state: head };
      this.day = next;
    }
    if (!this.day || day > this.day) this.day = day;
  }

  /** One first-parent commit that changed the stack's files, loaded and validated as of its day. */
  commit(evidence: CommitEvidence, load: LoadResult, validation: Validation): void {
    this.advanceTo(evidence.at.slice(0, 10));
    const day = this.day!;
    if (!load.stack && !this.seenStack) return; // before the stack existed: nothing declared, nothing wrong
    if (load.stack) this.seenStack = true;
    // A record the audit cannot use is itself evidence: an auditor must see it, never find it missing.
    for (const reason of evidence.unreadable ?? []) this.events.push({ ...this.bare(evidence, "record-unreadable"), detail: `${APPROVALS_NOTES_REF} note on ${evidence.commit.slice(0, 12)}: ${reason}` });
    if (validation.errors.length > 0) {
      // The program refuses a state that does not validate, so access carries on as it was.
      const e = validation.errors[0]!;
      const more = validation.errors.length > 1 ? ` (and ${validation.errors.length - 1} more)` : "";
      this.events.push({ ...this.bare(evidence, "invalid"), detail: `${e.file}:${e.line}:${e.column} ${e.message}${more}` });
      return;
    }
    const head = this.carrier.build(load, day);
    const base = this.last ? { ...this.last.state, asOf: day } : buildDesiredState({ stackName: this.stackName, guestFiles: [] }, day);
    // The same policy view as the plan's, so a policy change is an event exactly when a plan shows it.
    const policy = { ...(this.last && { base: policyViewOf(this.last.load) }), head: policyViewOf(load) };
    this.step(base, head, evidence, evidence.at, this.last === undefined, policy);
    this.last = { load, state: head, commit: evidence.commit };
  }

  private step(fullBase: DesiredState, fullHead: DesiredState, evidence: CommitEvidence | undefined, at: string, empty = false, policy?: PlanInput["policy"]): void {
    // The plan of the guests that changed is the plan of all of them, less the unchanged ones it would skip.
    const { base, head } = changedOnly(fullBase, fullHead);
    const plan = buildPlan({ base, head, baseInfo: { label: this.last?.commit ?? "empty", empty }, ...(policy && { policy }) });
    // The first state is the stack's creation: its settings are one event, what it grants are the rest.
    const created = empty && policy ? { created: policy.head } : {};
    this.events.push(...buildStepEvents({ plan, base, head, evidence, at, ...created }));
  }

  private bare(evidence: CommitEvidence, kind: "invalid" | "record-unreadable"): AuditEvent {
    return { at: evidence.at, kind, guest: null, target: null, commit: evidence.commit, author: evidence.author, pr: evidence.pr, prSource: evidence.prSource, approvers: [...evidence.approvers], approvals: evidence.approvals.map((a) => ({ ...a })), flags: flagsOf(kind, evidence, []) };
  }
}

/** The first day after `day` on which some guest's status changes by date alone: expiry, then the grace period's end. */
export function nextTransition(state: DesiredState, day: string): string | undefined {
  let next: string | undefined;
  const grace = state.policy.expiredGraceDays;
  for (const g of state.guests) {
    const at = transitionOf(g, grace);
    if (at !== undefined && at > day && (next === undefined || at < next)) next = at;
  }
  return next;
}

// The carried state keeps each unchanged guest's object from commit to commit: its next day is worked out once.
const transitions = new WeakMap<DesiredGuest, { grace: number; at: string | undefined }>();

function transitionOf(g: DesiredGuest, grace: number): string | undefined {
  const known = transitions.get(g);
  if (known?.grace === grace) return known.at;
  const at = g.status === "gone" || !isRealDate(g.expires) ? undefined : addDays(g.expires, g.status === "active" ? 1 : grace + 1);
  transitions.set(g, { grace, at });
  return at;
}
