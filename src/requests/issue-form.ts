// The guest access issue form (.github/ISSUE_TEMPLATE/guest-access.yml): its fields, as the request
// parser reads them, and the choices that guestops forms writes into it from the stack's catalog and
// policy. The form is the requester's only view of the catalog, so a choice it offers that the catalog
// lacks, or a group it hides, is caught by `guestops forms --check`.
import { parse } from "yaml";
import { replaceValue, type PathStep } from "../edit/replace-value";
import type { StackFile } from "../model/stack-schema";

export const FORM_PATH = ".github/ISSUE_TEMPLATE/guest-access.yml";
/** The label the form puts on each issue, and the one the request workflow runs for. */
export const FORM_LABEL = "guest-access";
/** Each request's branch is this prefix and the issue's number: one branch, one pull request, per issue. */
export const REQUEST_BRANCH_PREFIX = "guestops/request/";

export const FIELD_IDS = ["action", "email", "display-name", "sponsor", "groups", "apps", "expires", "justification"] as const;
export type FieldId = (typeof FIELD_IDS)[number];
export const ACTIONS = ["add", "renew", "remove"] as const;

export interface FormField {
  id: FieldId;
  /** The heading GitHub renders above the answer: `### <label>`. */
  label: string;
  type: "input" | "textarea" | "dropdown";
  multiple: boolean;
}

/** An item of the form's body, as parsed: nothing in it is trusted to have its type. */
interface FormItem {
  id?: unknown;
  type?: unknown;
  attributes?: { label?: unknown; multiple?: unknown; options?: unknown; description?: unknown };
}

/** The form's fields by id, or what is wrong with the form file (a problem of the repository, not the requester). */
export function parseFormDefinition(text: string): { fields: FormField[] } | { error: string } {
  let doc: unknown;
  try {
    doc = parse(text, { maxAliasCount: 0 });
  } catch (err) {
    return { error: `${FORM_PATH} does not parse as YAML: ${(err as Error).message.split("\n")[0]}` };
  }
  const body = (doc as { body?: unknown } | null)?.body;
  if (!Array.isArray(body)) return { error: `${FORM_PATH} has no body: list` };
  const fields: FormField[] = [];
  for (const item of body as FormItem[]) {
    const id = item?.id as FieldId;
    if (!FIELD_IDS.includes(id)) continue;
    const label = item.attributes?.label;
    if (typeof label !== "string" || label.trim() === "" || /[\r\n]/.test(label)) return { error: `${FORM_PATH}: field ${id} has no one-line label` };
    if (fields.some((f) => f.label === label.trim())) return { error: `${FORM_PATH}: two fields have the label "${label.trim()}"; the answers could not be told apart` };
    fields.push({ id, label: label.trim(), type: item.type as FormField["type"], multiple: item.attributes?.multiple === true });
  }
  const missing = FIELD_IDS.filter((id) => !fields.some((f) => f.id === id));
  if (missing.length > 0) return { error: `${FORM_PATH} lacks the field${missing.length > 1 ? "s" : ""} ${missing.join(", ")}; guestops request reads the answers by these ids` };
  return { fields };
}

export interface FormChoices {
  /** The groups that allow guests, by key. */
  groups: string[];
  /** `app/Role` for each role; an app without roles is offered as `app`, default access. */
  apps: string[];
  /** The last day's guidance, from the policy's and the catalog's limits. */
  expires: string;
}

/** The choices the form should offer for a stack: pure, in the catalog's order. */
export function buildFormChoices(stack: Partial<StackFile>): FormChoices {
  const groups = Object.entries(stack.groups ?? {}).filter(([, g]) => g?.allowGuests === true).map(([key]) => key);
  const apps = Object.entries(stack.apps ?? {}).flatMap(([key, app]) => {
    const roles = Object.keys(app?.roles ?? {});
    return roles.length === 0 ? [key] : roles.map((r) => `${key}/${r}`);
  });
  const tighter = [
    ...Object.entries(stack.groups ?? {}).filter(([, g]) => g?.allowGuests === true && g.maxExpiryDays !== undefined).map(([k, g]) => `${k}: ${g!.maxExpiryDays}`),
    ...Object.entries(stack.apps ?? {}).filter(([, a]) => a?.maxExpiryDays !== undefined).map(([k, a]) => `${k}: ${a!.maxExpiryDays}`),
  ];
  const max = stack.policy?.maxExpiryDays;
  const limits = max === undefined ? (tighter.length === 0 ? "" : ` At most, in days from today: ${tighter.join(", ")}.`) : ` At most ${max} days from today${tighter.length === 0 ? "" : ` (${tighter.join(", ")})`}.`;
  const expires = `For add and renew: the last day of access, YYYY-MM-DD.${limits}`;
  return { groups, apps, expires };
}

const PLACES: { id: FieldId; key: keyof FormChoices; path: PathStep[] }[] = [
  { id: "groups", key: "groups", path: ["body", { key: "id", value: "groups" }, "attributes", "options"] },
  { id: "apps", key: "apps", path: ["body", { key: "id", value: "apps" }, "attributes", "options"] },
  { id: "expires", key: "expires", path: ["body", { key: "id", value: "expires" }, "attributes", "description"] },
];

/** The form with its choices written, every other byte kept; or why it cannot be written. */
export function writeFormChoices(text: string, choices: FormChoices): { text: string } | { error: string } {
  let current = text;
  for (const place of PLACES) {
    const result = replaceValue(current, place.path, choices[place.key]);
    if ("error" in result) return { error: `${FORM_PATH}: ${result.error}` };
    current = result.text;
  }
  return { text: current };
}

/** Where the form and the catalog disagree, one line each, in words a platform team acts on. */
export function compareFormChoices(text: string, choices: FormChoices): string[] {
  let doc: { body?: unknown } | null;
  try {
    doc = parse(text, { maxAliasCount: 0 }) as { body?: unknown } | null;
  } catch (err) {
    return [`${FORM_PATH} does not parse as YAML: ${(err as Error).message.split("\n")[0]}`];
  }
  const item = (id: string) => (Array.isArray(doc?.body) ? (doc.body as FormItem[]).find((b) => b?.id === id) : undefined);
  const out: string[] = [];
  for (const { id, key } of PLACES) {
    const attributes = item(id)?.attributes;
    if (key === "expires") {
      if (attributes?.description !== choices.expires) out.push(`${FORM_PATH}: the ${id} field's description should be ${JSON.stringify(choices.expires)}`);
      continue;
    }
    const have: unknown[] = Array.isArray(attributes?.options) ? (attributes.options as unknown[]) : [];
    const want = choices[key] as string[];
    const extra = have.filter((o) => !want.includes(String(o))).map(String);
    const lacking = want.filter((o) => !have.map(String).includes(o));
    if (extra.length > 0) out.push(`${FORM_PATH}: the ${id} field offers ${extra.join(", ")}, which the catalog does not ${key === "groups" ? "open to guests" : "hold"}`);
    if (lacking.length > 0) out.push(`${FORM_PATH}: the ${id} field lacks ${lacking.join(", ")}, which the catalog ${key === "groups" ? "opens to guests" : "holds"}`);
    if (extra.length === 0 && lacking.length === 0 && have.map(String).join("\n") !== want.join("\n")) out.push(`${FORM_PATH}: the ${id} field's choices are not in the catalog's order`);
  }
  return out;
}
