// The audit and the plan cannot disagree: for every pair of commits of generated histories, the net of
// the audit's grant and revoke events between them equals the plan's grants and revokes between them
// (the plan judging each side on its own commit's day, as the audit does).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AuditEvent } from "../../src/audit/audit-types";
import { targetOf } from "../../src/audit/build-events";
import { readTimeline } from "../../src/audit/read-timeline";
import { openRevision } from "../../src/git/read-git-revision";
import { loadRepo } from "../../src/load/load-repo";
import { buildDesiredState } from "../../src/model/build-desired-state";
import { addDays } from "../../src/model/dates";
import { buildPlan } from "../../src/plan/build-plan";
import { validateRepo } from "../../src/rules/validate-repo";
import { guestsYaml, HistoryRepo, stackYaml, type GuestSpec } from "./history-repo";

const PEOPLE = ["ana", "ben", "carla", "dev", "emma", "farid"];
const GROUPS = ["erp-project", "finance"];
const APPS = [{ app: "expenses", role: "Submitter" }, { app: "expenses" }];

const guestArb = fc.record({
  present: fc.boolean(),
  groups: fc.subarray(GROUPS),
  apps: fc.subarray([0, 1]),
  life: fc.integer({ min: 1, max: 45 }),
});
const commitArb = fc.record({ gap: fc.integer({ min: 1, max: 25 }), guests: fc.array(guestArb, { minLength: PEOPLE.length, maxLength: PEOPLE.length }), split: fc.boolean() });
const historyArb = fc.array(commitArb, { minLength: 2, maxLength: 6 });

type History = typeof historyArb extends fc.Arbitrary<infer T> ? T : never;

function write(repo: HistoryRepo, history: History): { commit: string; day: string; at: string }[] {
  const out: { commit: string; day: string; at: string }[] = [];
  let day = "2026-01-01";
  repo.write({ "stacks/prod.yaml": stackYaml() });
  for (const c of history) {
    day = addDays(day, c.gap);
    const guests: GuestSpec[] = [];
    c.guests.forEach((g, i) => {
      if (!g.present) return;
      guests.push({ email: `${PEOPLE[i]}@fabrikam.com`, expires: addDays(day, g.life), groups: g.groups, apps: g.apps.map((a) => APPS[a]!) });
    });
    // A split moves guests between files, which must change nothing.
    const half = c.split ? Math.ceil(guests.length / 2) : guests.length;
    const files = { "guests/a.yaml": guestsYaml("Fabrikam", "fabrikam.com", guests.slice(0, half)), "guests/b.yaml": half < guests.length ? guestsYaml("Fabrikam", "fabrikam.com", guests.slice(half)) : null };
    const at = `${day}T10:00:00Z`;
    out.push({ commit: repo.commit(files, `Change ${out.length}`, at), day, at });
  }
  return out;
}

async function planGrants(root: string, from: { commit: string; day: string }, to: { commit: string; day: string }): Promise<{ granted: string[]; revoked: string[] }> {
  const baseLoad = await loadRepo(await openRevision(root, from.commit), "prod");
  const headLoad = await loadRepo(await openRevision(root, to.commit), "prod");
  expect(validateRepo(headLoad, to.day).errors).toEqual([]);
  const plan = buildPlan({ base: buildDesiredState(baseLoad, from.day), head: buildDesiredState(headLoad, to.day), baseInfo: { label: from.commit, empty: false } });
  const keys = (which: "granted" | "revoked") => plan.guests.flatMap((g) => g[which].map((x) => `${g.key} ${targetOf(x)}`)).sort();
  return { granted: keys("granted"), revoked: keys("revoked") };
}

/** What the events between two points add and take away, net. */
function netOf(events: readonly AuditEvent[]): { granted: string[]; revoked: string[] } {
  const granted = new Set<string>();
  const revoked = new Set<string>();
  for (const e of events) {
    const key = `${e.guest} ${e.target}`;
    if (e.kind === "granted") {
      if (!revoked.delete(key)) granted.add(key);
    } else if (e.kind === "revoked") {
      if (!granted.delete(key)) revoked.add(key);
    }
  }
  return { granted: [...granted].sort(), revoked: [...revoked].sort() };
}

describe("audit and plan agree", () => {
  it("for every pair of commits of a generated history", async () => {
    await fc.assert(
      fc.asyncProperty(historyArb, async (history) => {
        const repo = new HistoryRepo();
        try {
          const commits = write(repo, history);
          const { timeline } = await readTimeline({ cwd: repo.root, rev: "HEAD", stack: "prod", until: commits[commits.length - 1]!.day });
          for (let i = 0; i < commits.length; i++) {
            for (let j = i + 1; j < commits.length; j++) {
              const between = timeline.events.filter((e) => e.at > commits[i]!.at && e.at <= commits[j]!.at);
              expect(netOf(between)).toEqual(await planGrants(repo.root, commits[i]!, commits[j]!));
            }
          }
        } finally {
          repo.remove();
        }
      }),
      { numRuns: 6 },
    );
  });
});
