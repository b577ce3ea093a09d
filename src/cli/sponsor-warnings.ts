// validate --online: sponsors the tenant no longer has (not found, or disabled), warned at each place a
// guest file names them, with the owners who are asked instead (as guestops due and the renewal run do).
import type { GraphClient } from "../graph/graph-client";
import { readPeople, type PersonState } from "../graph/read-people";
import type { LoadResult } from "../load/load-repo";
import { locate } from "../load/parse-yaml";
import type { DesiredState } from "../model/desired-state";
import type { Problem } from "../model/problem";
import { quote } from "../model/words";

interface Naming {
  file: string;
  path: (string | number)[];
  sponsor: string;
  /** Lower-cased addresses of the guests this naming sponsors. */
  guests: string[];
}

/** Where each sponsor is named: a file's default (for the guests without their own) and each entry's own. */
function namings(load: LoadResult): { naming: Naming; parsed: LoadResult["guestFiles"][number]["parsed"] }[] {
  const out: { naming: Naming; parsed: LoadResult["guestFiles"][number]["parsed"] }[] = [];
  for (const f of load.guestFiles) {
    const guests = Array.isArray(f.value?.guests) ? f.value.guests : [];
    const email = (g: unknown) => (typeof (g as { email?: unknown })?.email === "string" ? ((g as { email: string }).email.toLowerCase()) : undefined);
    const own = (g: unknown) => (typeof (g as { sponsor?: unknown })?.sponsor === "string" ? (g as { sponsor: string }).sponsor : undefined);
    if (typeof f.value?.sponsor === "string") {
      out.push({ parsed: f.parsed, naming: { file: f.path, path: ["sponsor"], sponsor: f.value.sponsor, guests: guests.filter((g) => own(g) === undefined).flatMap((g) => email(g) ?? []) } });
    }
    guests.forEach((g, i) => {
      const sponsor = own(g);
      if (sponsor !== undefined) out.push({ parsed: f.parsed, naming: { file: f.path, path: ["guests", i, "sponsor"], sponsor, guests: [email(g) ?? ""] } });
    });
  }
  return out;
}

export async function sponsorWarnings(client: GraphClient, load: LoadResult, state: DesiredState): Promise<Problem[]> {
  const found = namings(load);
  if (found.length === 0) return [];
  const people = await readPeople(client, found.map((f) => f.naming.sponsor));
  const problems: Problem[] = [];
  for (const { naming, parsed } of found) {
    const status: PersonState = people.get(naming.sponsor.toLowerCase()) ?? "not-found";
    if (status === "active") continue;
    const owners = ownersOf(state, naming.guests, naming.sponsor);
    const at = locate(parsed, naming.path);
    const what = status === "disabled" ? "is disabled in the tenant" : "is not found in the tenant";
    const instead = owners.length > 0 ? `the renewal pull requests ask the owners of their groups and apps instead (${owners.join(", ")})` : "no group or app owner can be asked instead, so a stack owner decides their renewals";
    problems.push({ severity: "warning", file: naming.file, line: at.line, column: at.column, rule: "sponsorInTenant", message: `sponsor ${quote(naming.sponsor)} ${what} (left?); ${instead}: name a sponsor who is still here` });
  }
  return problems;
}

function ownersOf(state: DesiredState, guests: readonly string[], sponsor: string): string[] {
  const owners = new Set<string>();
  for (const g of state.guests) {
    if (!guests.includes(g.key)) continue;
    for (const group of g.groups) for (const o of state.catalog.groups[group]?.owners ?? []) owners.add(o.toLowerCase());
    for (const a of g.apps) for (const o of state.catalog.apps[a.app]?.owners ?? []) owners.add(o.toLowerCase());
  }
  owners.delete(sponsor.toLowerCase());
  return [...owners].sort();
}
