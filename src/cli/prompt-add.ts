// guestops add's questions on a terminal, for the options not given: only the catalog's keys (groups that
// allow guests; apps and their roles) and dates within the policy are offered. The prompt functions are
// injected, so tests answer them; on a terminal they are @clack/prompts'.
import { addDays, daysBetween, isRealDate } from "../model/dates";

/** The few prompt functions add asks with; @clack/prompts' signatures, narrowed. */
export interface Prompter {
  text(opts: { message: string; placeholder?: string; validate?: (value: string | undefined) => string | undefined }): Promise<string | symbol>;
  select<T>(opts: { message: string; options: { value: T; label?: string; hint?: string }[] }): Promise<T | symbol>;
  multiselect<T>(opts: { message: string; options: { value: T; label?: string; hint?: string }[]; required: boolean }): Promise<T[] | symbol>;
  isCancel(value: unknown): value is symbol;
}

export interface AddAnswers {
  email: string;
  name: string;
  expires: string;
  justification: string;
  groups: string[];
  /** KEY or KEY/ROLE, as --app takes them. */
  apps: string[];
  sponsor?: string;
  partner?: string;
}

export interface AddChoices {
  asOf: string;
  /** Groups that allow guests, by key. */
  groups: { key: string; label: string }[];
  /** Each app's default access and roles, as KEY or KEY/ROLE. */
  apps: { value: string; label: string }[];
  /** The latest expires the policy and these grants allow; undefined when nothing limits it. */
  latest(groups: readonly string[], apps: readonly string[]): string | undefined;
  /** Whether the guest needs a sponsor of its own (its partner file has no default), and a new partner file's name. */
  needs(email: string): { sponsor: boolean; partner: boolean };
}

/** Terms offered for expires, in days from the day of the edit, before the policy's cap. */
const TERMS = [30, 90, 180, 365];

/** Asks for each answer not given; "cancelled" when the person cancels (Ctrl+C or Esc). */
export async function askAdd(given: Partial<AddAnswers>, choices: AddChoices, p: Prompter): Promise<AddAnswers | "cancelled"> {
  const a: Partial<AddAnswers> = { ...given };
  const ask = async <T>(answer: Promise<T | symbol>): Promise<T | undefined> => {
    const value = await answer;
    return p.isCancel(value) ? undefined : (value as T);
  };
  if (a.email === undefined) {
    const email = await ask(p.text({ message: "The guest's work email address", placeholder: "ana.silva@fabrikam.com", validate: (v) => (/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v ?? "") ? undefined : "an address such as ana.silva@fabrikam.com") }));
    if (email === undefined) return "cancelled";
    a.email = email.trim();
  }
  const needs = choices.needs(a.email);
  if (a.name === undefined) {
    const name = await ask(p.text({ message: "Display name in the tenant", placeholder: "Ana Silva (Fabrikam)", validate: (v) => ((v ?? "").trim() === "" ? "a name, such as Ana Silva (Fabrikam)" : undefined) }));
    if (name === undefined) return "cancelled";
    a.name = name.trim();
  }
  if (needs.partner && a.partner === undefined) {
    const partner = await ask(p.text({ message: "No partner file holds this domain yet. The partner organisation's name (a new partner file, which a stack owner approves)", placeholder: "Northwind Traders", validate: (v) => ((v ?? "").trim() === "" ? "the organisation's name" : undefined) }));
    if (partner === undefined) return "cancelled";
    a.partner = partner.trim();
  }
  if (needs.sponsor && a.sponsor === undefined) {
    const sponsor = await ask(p.text({ message: "Sponsor: the internal person who answers for this guest", placeholder: "priya.natarajan@contoso.com", validate: (v) => (/^[^@\s]+@[^@\s]+$/.test(v ?? "") ? undefined : "an internal address, such as priya.natarajan@contoso.com") }));
    if (sponsor === undefined) return "cancelled";
    a.sponsor = sponsor.trim();
  }
  if (a.groups === undefined && a.apps === undefined) {
    const groups = choices.groups.length === 0 ? [] : await ask(p.multiselect({ message: "Groups (space to choose, enter to go on)", options: choices.groups.map((g) => ({ value: g.key, label: g.key, hint: g.label })), required: false }));
    if (groups === undefined) return "cancelled";
    const apps = choices.apps.length === 0 ? [] : await ask(p.multiselect({ message: "App roles (space to choose, enter to go on)", options: choices.apps.map((x) => ({ value: x.value, label: x.value, hint: x.label })), required: false }));
    if (apps === undefined) return "cancelled";
    a.groups = groups;
    a.apps = apps;
  }
  a.groups ??= [];
  a.apps ??= [];
  if (a.expires === undefined) {
    const latest = choices.latest(a.groups, a.apps);
    const expires = await ask(p.select({ message: `Last day of access${latest ? ` (the policy allows up to ${latest})` : ""}`, options: dateOptions(choices.asOf, latest) }));
    if (expires === undefined) return "cancelled";
    if (expires === "other") {
      const other = await ask(p.text({ message: "Last day of access, YYYY-MM-DD", placeholder: latest ?? addDays(choices.asOf, 90), validate: (v) => dateProblem(v ?? "", choices.asOf, latest) }));
      if (other === undefined) return "cancelled";
      a.expires = other.trim();
    } else a.expires = expires;
  }
  if (a.justification === undefined) {
    const justification = await ask(p.text({ message: "Justification: the ticket, contract or project", placeholder: "CHG-1042 ERP migration", validate: (v) => ((v ?? "").trim().length < 3 ? "at least 3 characters: a ticket, contract or project reference" : undefined) }));
    if (justification === undefined) return "cancelled";
    a.justification = justification.trim();
  }
  return a as AddAnswers;
}

/** The terms within the policy, the latest allowed date itself, and another date. */
export function dateOptions(asOf: string, latest: string | undefined): { value: string; label: string; hint?: string }[] {
  const cap = latest === undefined ? Infinity : daysBetween(asOf, latest);
  const options = TERMS.filter((d) => d < cap).map((d) => ({ value: addDays(asOf, d), label: addDays(asOf, d), hint: `${d} days` }));
  if (latest !== undefined) options.push({ value: latest, label: latest, hint: "the latest the policy allows" });
  return [...options, { value: "other", label: "another date" }];
}

function dateProblem(value: string, asOf: string, latest: string | undefined): string | undefined {
  const v = value.trim();
  if (!isRealDate(v)) return "a date, YYYY-MM-DD";
  if (v < asOf) return `on or after ${asOf}`;
  if (latest !== undefined && v > latest) return `on or before ${latest}, the latest the policy allows`;
  return undefined;
}
