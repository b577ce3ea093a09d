// The scheduled renewal run's decisions, pure: for each sponsor with due guests, which guests its pull
// request proposes now, whether that opens a pull request, updates the open one, or changes nothing,
// and the body that asks the sponsor (or, for a sponsor who has left, the owners) to approve.
import { createHash } from "node:crypto";
import { count, slugOf } from "../model/words";
import type { Person } from "../model/people-schema";
import { markdown } from "../output/escape";
import type { DueGuest, DueReport, SponsorDue } from "./build-due";
import { dueWords, grantsOf, signInWords } from "./render-due";
import { RENEWAL_BRANCH_PREFIX, renderMarker, type OpenPull } from "./open-pulls";

/** Guests per pull request: enough for a week's renewals of one sponsor, few enough to review at once. */
export const DEFAULT_MAX_GUESTS = 25;

export type RenewalHost = "github" | "azure-devops";

// Azure DevOps refuses a pull request description over 4,000 characters; GitHub a body over 65,536.
const BODY_LIMIT: Record<RenewalHost, number> = { github: 60_000, "azure-devops": 4_000 };

export interface RenewalPr {
  sponsor: string | null;
  branch: string;
  /** The open pull request to update; absent: a new one. */
  number?: number;
  /** Due guests this run adds to the branch, renewed or reviewed. */
  add: DueGuest[];
  /** Everything the pull request has proposed, after this run: the marker's list. */
  proposed: string[];
  /** Due guests left for a later pull request: over --max-guests. */
  waiting: number;
  title: string;
  body: string;
  /** The sponsor's part of the due report, to render the body again once the branch shows what was dropped. */
  due: SponsorDue;
}

export interface RenewalRun {
  /** Pull requests to open or update; a sponsor with nothing new is not here. */
  prs: RenewalPr[];
  /** Sponsors whose open pull request already proposes every due guest: nothing to do. */
  unchanged: { sponsor: string | null; branch: string; number: number }[];
}

export interface RenewalOptions {
  host: RenewalHost;
  maxGuests: number;
  /** people.yaml of the base: the logins the body mentions. */
  people: readonly Partial<Person>[];
}

export function branchOf(sponsor: string | null, taken: ReadonlySet<string> = new Set()): string {
  const base = `${RENEWAL_BRANCH_PREFIX}${sponsor === null ? "no-sponsor" : slugOf(sponsor) || "sponsor"}`;
  // Two addresses can share a slug (a.b@ and a-b@): the second gets a suffix from its own address.
  return taken.has(base) ? `${base}-${createHash("sha256").update(String(sponsor).toLowerCase()).digest("hex").slice(0, 8)}` : base;
}

export function buildRenewalRun(report: DueReport, open: readonly OpenPull[], options: RenewalOptions): RenewalRun {
  const run: RenewalRun = { prs: [], unchanged: [] };
  const taken = new Set<string>();
  for (const s of report.sponsors) {
    const branch = branchOf(s.sponsor, taken);
    taken.add(branch);
    const pull = open.find((p) => p.branch === branch);
    const before = new Set(pull?.proposed ?? []);
    // A guest the pull request proposed before is never proposed again: the sponsor may have dropped it.
    const fresh = s.guests.filter((g) => !before.has(g.key));
    const room = Math.max(0, options.maxGuests - before.size);
    const add = fresh.slice(0, room);
    const waiting = fresh.length - add.length;
    if (pull && add.length === 0) {
      run.unchanged.push({ sponsor: s.sponsor, branch, number: pull.number });
      continue;
    }
    if (add.length === 0) continue;
    const proposed = [...new Set([...before, ...add.map((g) => g.key)])].sort();
    const pr: RenewalPr = {
      sponsor: s.sponsor,
      branch,
      ...(pull && { number: pull.number }),
      add,
      proposed,
      waiting,
      title: `Renewals: ${proposed.length} guest${proposed.length === 1 ? "" : "s"} of ${s.sponsor ?? "no sponsor"}`,
      body: "",
      due: s,
    };
    pr.body = renderRenewalBody(report, pr, options);
    run.prs.push(pr);
  }
  return run;
}

/** `@login` from people.yaml on GitHub; the address (escaped) where there is no login, or on Azure DevOps. */
function mention(address: string, options: RenewalOptions): string {
  if (options.host === "github") {
    const login = options.people.find((p) => typeof p.email === "string" && p.email.toLowerCase() === address.toLowerCase())?.github;
    // people.yaml's schema holds logins to GitHub's characters; the escaper stands guard all the same.
    if (typeof login === "string" && /^[A-Za-z0-9-]{1,39}$/.test(login)) return `@${markdown(login)}`;
  }
  return markdown(address);
}

/**
 * The pull request's body: whom it asks, what to do, each guest it proposed (those the sponsor dropped
 * from the branch said to be dropped), and the marker of everything it proposed.
 */
export function renderRenewalBody(report: DueReport, pr: Pick<RenewalPr, "due" | "proposed" | "waiting">, options: RenewalOptions, dropped: ReadonlySet<string> = new Set()): string {
  const s = pr.due;
  const { proposed, waiting } = pr;
  const guests = s.guests.filter((g) => proposed.includes(g.key));
  const who =
    s.sponsor !== null && s.askInstead.length === 0
      ? `${mention(s.sponsor, options)}, you sponsor these guests.`
      : `${s.sponsor === null ? "These guests have no sponsor" : `Their sponsor, ${markdown(s.sponsor)}, ${s.state === "disabled" ? "has a disabled account in the tenant" : "is not found in the tenant"} (left?)`}; ${s.askInstead.length > 0 ? `${s.askInstead.map((o) => mention(o, options)).join(", ")}, as owners of their groups and apps, you are asked instead` : "no group or app owner can be asked: a stack owner decides"}.`;
  const head = [
    `### guestops renewals: ${count(guests.length, "guest")} due within ${count(report.within, "day")} of ${report.asOf}`,
    "",
    who,
    "",
    "- **Keep** a guest: approve this pull request. Each renewal moves `expires` by the stack's renewal term and sets `reviewed` to today; a review alone sets only `reviewed`.",
    "- **Drop** a guest: remove their renewal from this branch, with `guestops renew --drop EMAIL` or an edit, and push. A later run never proposes them here again.",
    "- **Do nothing**: nothing changes. Access ends on each guest's `expires`, as it would have.",
    "",
    "Nothing merges without the approvals the plan names (the guestops check on this pull request); a bot's review never counts.",
    "",
  ];
  const change = (g: DueGuest) => (dropped.has(g.key) ? "dropped from this branch: lapses at expires" : g.renewal.action === "renew" ? `expires → ${g.renewal.until}` : `reviewed → ${g.renewal.on}`);
  const rows = guests.map((g) => `| ${markdown(g.email)} | ${markdown(grantsOf(g))} | ${markdown(dueWords(g))} | ${markdown(change(g))} | ${markdown(signInWords(g))} |`);
  const notes = report.notes.flatMap((n) => [`> **Note:** ${markdown(n)}`, ""]);
  const tail = [...(waiting > 0 ? ["", `${waiting} more due guest${waiting === 1 ? " waits" : "s wait"} for the next pull request (at most ${options.maxGuests} a pull request).`] : []), "", renderMarker(s.sponsor ?? "", proposed), ""];
  const table = ["| Guest | Grants | Due | Renewal | Last sign-in |", "|---|---|---|---|---|"];
  const limit = BODY_LIMIT[options.host];
  let shown = rows.length;
  const compose = (n: number) => [...head, ...notes, ...table, ...rows.slice(0, n), ...(n < rows.length ? [`| … and ${rows.length - n} more, in the diff | | | | |`] : []), ...tail].join("\n");
  while (shown > 0 && compose(shown).length > limit) shown--;
  return compose(shown);
}
