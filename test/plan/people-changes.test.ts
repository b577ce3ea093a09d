// people.yaml is policy: it says whose review is whose at the approval gate. Every change to it reaches the
// reviewer as a policy change a stack owner approves; a login that changes also needs its person, under
// the login the base maps to them, so that no other account can take over their approvals.
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { checkApprovals } from "../../src/approvals/check-approvals";
import type { Review } from "../../src/approvals/parse-reviews";
import type { Person } from "../../src/model/people-schema";
import { renderPlanMarkdown } from "../../src/plan/render-plan-markdown";
import { renderPlanText } from "../../src/plan/render-plan-text";
import { planFor, repoFiles } from "./plan-fixtures";

const PEOPLE: Person[] = [
  { email: "mei.lin@contoso.com", github: "mei-lin" },
  { email: "olivia.chen@contoso.com", github: "olivia-chen", azureDevOps: "olivia.chen@contoso.com" },
  { email: "priya.natarajan@contoso.com", github: "priya-n" },
  { email: "tomas.berg@contoso.com", github: "tomas-berg" },
];
const withPeople = (people: Person[] | undefined) => ({ ...repoFiles(), ...(people && { "people.yaml": stringify({ people }) }) });
const edit = (email: string, change: Partial<Person> | null): Person[] =>
  PEOPLE.flatMap((p) => (p.email !== email ? [p] : change === null ? [] : [{ ...p, ...change }]));
const OWNER = ["mei.lin@contoso.com"];

interface Case {
  desc: string;
  /** The base's people; PEOPLE unless given, null for none. */
  base?: Person[] | null;
  head: Person[] | undefined;
  expected: { path: string; before?: unknown; after?: unknown; loosens: boolean; person?: string }[];
  /** The `person:` approvals the plan asks for, besides the stack owner's. */
  persons: string[];
}

const cases: Case[] = [
  { desc: "nothing changes", head: PEOPLE, expected: [], persons: [] },
  { desc: "a login in another case: GitHub logins have no case", head: edit("olivia.chen@contoso.com", { github: "Olivia-Chen" }), expected: [], persons: [] },
  {
    desc: "an owner's login remapped to another account",
    head: edit("olivia.chen@contoso.com", { github: "mallory" }),
    expected: [{ path: "people.olivia.chen@contoso.com.github", before: "olivia-chen", after: "mallory", loosens: true, person: "olivia.chen@contoso.com" }],
    persons: ["olivia.chen@contoso.com"],
  },
  {
    desc: "an owner's Azure DevOps login removed",
    head: edit("olivia.chen@contoso.com", { azureDevOps: undefined }),
    expected: [{ path: "people.olivia.chen@contoso.com.azureDevOps", before: "olivia.chen@contoso.com", loosens: false, person: "olivia.chen@contoso.com" }],
    persons: ["olivia.chen@contoso.com"],
  },
  {
    desc: "a first Azure DevOps login for a person: only the stack owner",
    head: edit("priya.natarajan@contoso.com", { azureDevOps: "priya.natarajan@contoso.com" }),
    expected: [{ path: "people.priya.natarajan@contoso.com.azureDevOps", after: "priya.natarajan@contoso.com", loosens: true }],
    persons: [],
  },
  {
    desc: "a person added",
    head: [...PEOPLE, { email: "farid.haddad@contoso.com", github: "farid-h" }],
    expected: [{ path: "people.farid.haddad@contoso.com", after: { github: "farid-h" }, loosens: true }],
    persons: [],
  },
  { desc: "a person removed", head: edit("priya.natarajan@contoso.com", null), expected: [{ path: "people.priya.natarajan@contoso.com", before: { github: "priya-n" }, loosens: false }], persons: [] },
  {
    desc: "people.yaml created",
    base: null,
    head: PEOPLE,
    expected: PEOPLE.map((p) => ({ path: `people.${p.email}`, after: Object.fromEntries(Object.entries(p).filter(([k]) => k !== "email")), loosens: true })),
    persons: [],
  },
  {
    desc: "people.yaml deleted",
    head: undefined,
    expected: PEOPLE.map((p) => ({ path: `people.${p.email}`, before: Object.fromEntries(Object.entries(p).filter(([k]) => k !== "email")), loosens: false })),
    persons: [],
  },
];

describe("people.yaml changes", () => {
  it.each(cases)("$desc", async ({ base = PEOPLE, head, expected, persons }) => {
    const plan = await planFor(withPeople(base ?? undefined), withPeople(head), { allowHeadErrors: true });
    expect(plan.policyChanges).toEqual(expected.map((e) => ({ file: "people.yaml", ...e, approvers: OWNER })));
    expect(plan.approvals.filter((a) => a.for.startsWith("person:"))).toEqual(persons.map((p) => ({ for: `person:${p}`, anyOf: [p], fallback: OWNER })));
    expect(plan.approvals.some((a) => a.for === "policy")).toBe(expected.length > 0);
  });

  it("is shown in every format", async () => {
    const plan = await planFor(withPeople(PEOPLE), withPeople(edit("olivia.chen@contoso.com", { github: "mallory" })));
    expect(renderPlanText(plan, false)).toContain(`! LOOSENS people.yaml people.olivia.chen@contoso.com.github: "olivia-chen" → "mallory"`);
    expect(renderPlanText(plan, false)).toContain("person:olivia.chen@contoso.com: any of olivia.chen@contoso.com");
    expect(renderPlanMarkdown(plan)).toContain("`people.olivia.chen@contoso.com.github`");
  });

  it("a new stack in a repository that already has people.yaml shows no people change", async () => {
    const plan = await planFor({ "people.yaml": stringify({ people: PEOPLE }) }, withPeople(PEOPLE));
    expect(plan.policyChanges.filter((c) => c.file === "people.yaml")).toEqual([]);
    expect(plan.approvals.filter((a) => a.for.startsWith("person:"))).toEqual([]);
  });
});

describe("the gate, with the base's people.yaml", () => {
  const approved = (...logins: string[]): Review[] => logins.map((login) => ({ host: "github", login, state: "approved", at: "2026-12-01T10:00:00Z" }));

  it("a remapped login needs the person's old login: the new account, or a stack owner alone, is not enough", async () => {
    const plan = await planFor(withPeople(PEOPLE), withPeople(edit("olivia.chen@contoso.com", { github: "mallory" })));
    const gate = (reviews: Review[], author = "someone") => checkApprovals(plan.approvals, reviews, PEOPLE, author, "github").ok;
    expect(gate(approved("mei-lin"))).toBe(false);
    expect(gate(approved("mei-lin", "mallory"))).toBe(false);
    expect(gate(approved("mei-lin", "olivia-chen"))).toBe(true);
    // Opened by the old login itself: that is the person's consent, and a stack owner approves.
    expect(gate(approved("mei-lin"), "olivia-chen")).toBe(true);
  });
});
