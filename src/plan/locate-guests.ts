// Points each guest of a plan at the line that declares it (its email), so that annotations land on
// the changed lines of the PR. A removed guest points at its base file, which may no longer exist.
import type { LoadResult } from "../load/load-repo";
import { locate } from "../load/parse-yaml";
import { eachGuest } from "../model/address";
import type { Plan } from "./plan-types";

export function locateGuests(plan: Plan, head: LoadResult, base?: LoadResult): Plan {
  const wanted = new Set(plan.guests.map((g) => g.key));
  const headAt = positions(head, wanted, "head");
  const baseAt = base ? positions(base, new Set([...wanted].filter((k) => !headAt.has(k))), "base") : new Map<string, Location>();
  return { ...plan, guests: plan.guests.map((g) => ({ ...g, ...(headAt.get(g.key) ?? baseAt.get(g.key)) })) };
}

interface Location {
  file: string;
  line: number;
  column: number;
  locatedIn: "head" | "base";
}

function positions(load: LoadResult, wanted: Set<string>, locatedIn: "head" | "base"): Map<string, Location> {
  const found = new Map<string, Location>();
  if (wanted.size === 0) return found;
  for (const { file, index, guest } of eachGuest(load.guestFiles)) {
    if (typeof guest.email !== "string") continue;
    const key = guest.email.toLowerCase();
    // The first declaration wins, as in the desired state.
    if (!wanted.has(key) || found.has(key)) continue;
    found.set(key, { file: file.path, ...locate(file.parsed, ["guests", index, "email"]), locatedIn });
  }
  return found;
}
