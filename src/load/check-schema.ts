// The schema layer of validation: ajv against schemas/*.schema.json, with every error mapped back to
// the YAML node it is about, in words a requester can act on.
import type { ErrorObject } from "ajv";
import { locate, type ParsedYaml } from "./parse-yaml";
import { validators, type SchemaName } from "./schema-validators";
import type { Problem } from "../model/problem";
import { quote, show } from "../model/words";
import { closest } from "../model/closest";

export type { SchemaName };

/** Validates `parsed.value` in place (filling defaults) and returns the problems, positioned. */
export function checkSchema(which: SchemaName, parsed: ParsedYaml, file: string): Problem[] {
  const validate = validators[which];
  if (validate(parsed.value)) return [];
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const errors = validate.errors ?? [];
  for (const e of errors) {
    // A bad key is reported once, by its `propertyNames` error, not again by the pattern inside it.
    if ((e as { propertyName?: string }).propertyName !== undefined) continue;
    if (misspeltRequired(e, errors)) continue;
    const mapped = describe(e, parsed.value);
    if (!mapped) continue;
    const path = [...pointerToPath(e.instancePath), ...mapped.extra];
    const at = locate(parsed, path, mapped.atKey);
    const hint = e.data === null ? commentHint(parsed, at.line, path[path.length - 1]) : undefined;
    const problem: Problem = { severity: "error", file, ...at, message: hint ? `${mapped.message}; ${hint}` : mapped.message, rule: "schema" };
    const id = `${problem.line}:${problem.column}:${problem.message}`;
    if (!seen.has(id)) {
      seen.add(id);
      problems.push(problem);
    }
  }
  return problems;
}

/** A value that starts with `#` is a comment, so the field is empty: say so where the text shows it. */
function commentHint(parsed: ParsedYaml, line: number, key: string | number | undefined): string | undefined {
  if (typeof key !== "string" || parsed.text === undefined) return undefined;
  const text = parsed.text.split(/\r?\n/, line)[line - 1] ?? "";
  const m = new RegExp(`(?:^|[\\s{,-])${key.replace(/[^\w-]/g, "")}:\\s+(#.*)$`).exec(text);
  if (!m) return undefined;
  const value = m[1]!.slice(0, 60);
  return `in YAML a value that starts with # begins a comment, so this field is empty: quote it, like ${key}: "${value.replace(/"/g, '\\"')}"`;
}

/** A missing required field whose misspelling sits next to it: the "did you mean" error says it all. */
function misspeltRequired(e: ErrorObject, errors: readonly ErrorObject[]): boolean {
  if (e.keyword !== "required") return false;
  const missing = (e.params as { missingProperty: string }).missingProperty;
  return errors.some((o) => {
    if (o.keyword !== "additionalProperties" || o.instancePath !== e.instancePath) return false;
    const allowed = Object.keys((o.parentSchema as { properties?: object }).properties ?? {});
    return closest((o.params as { additionalProperty: string }).additionalProperty, allowed) === missing;
  });
}

interface Described {
  message: string;
  /** Path segments beyond the error's instancePath, e.g. the unknown key. */
  extra: (string | number)[];
  atKey: boolean;
}

function describe(e: ErrorObject, root: unknown): Described | undefined {
  const field = fieldName(e.instancePath);
  const subject = subjectOf(pointerToPath(e.instancePath), root);
  const title = (e.parentSchema as { title?: string } | undefined)?.title;
  switch (e.keyword) {
    case "if":
      return undefined; // the failing `then` branch reports the real problem
    case "required": {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      const props = (e.parentSchema as { properties?: Record<string, { description?: string }> }).properties ?? {};
      const hint = props[missing]?.description ? ` (${props[missing].description})` : "";
      return { message: `${subject} is missing required field "${missing}"${hint}`, extra: [], atKey: false };
    }
    case "additionalProperties": {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      const allowed = Object.keys((e.parentSchema as { properties?: object }).properties ?? {});
      const guess = closest(extra, allowed);
      const fix = guess ? `did you mean "${guess}"?` : `allowed fields: ${allowed.join(", ")}`;
      return { message: `unknown field ${quote(extra)}${field ? ` in ${subject}` : ""}; ${fix}`, extra: [extra], atKey: true };
    }
    case "propertyNames": {
      const name = (e.params as { propertyName: string }).propertyName;
      return { message: `key ${quote(name)} in ${subject} is not a valid key; ${keyRule(e)}`, extra: [name], atKey: true };
    }
    case "type": {
      const actual = e.data === null ? "but it has no value" : `not ${typeOf(e.data)} ${show(e.data)}`;
      const wanted = (e.params as { type: string }).type;
      // "email:ana@fabrikam.com" is one string to YAML: the space after the colon is what makes a field.
      const field = wanted === "object" && typeof e.data === "string" ? /^([A-Za-z_][\w-]*):(\S.*)$/.exec(e.data) : null;
      const hint = field ? `; add a space after the colon to make it a field: ${field[1]}: ${field[2]!.slice(0, 60)}` : "";
      return { message: `${subject} must be ${article(wanted)}, ${actual}${hint}`, extra: [], atKey: false };
    }
    case "pattern":
      return { message: `${subject} ${show(e.data)} ${patternRule(title, e)}`, extra: [], atKey: false };
    case "enum":
      return { message: `${subject} is ${show(e.data)}; use one of: ${(e.params as { allowedValues: unknown[] }).allowedValues.join(", ")}`, extra: [], atKey: false };
    case "uniqueItems": {
      const { i, j } = e.params as { i: number; j: number };
      return { message: `${subject} lists ${show((e.data as unknown[])[i])} twice (items ${j + 1} and ${i + 1}); remove one`, extra: [i], atKey: false };
    }
    case "minItems":
      return { message: `${subject} must list at least ${items((e.params as { limit: number }).limit)}`, extra: [], atKey: false };
    case "maxItems":
      return { message: `${subject} may list at most ${items((e.params as { limit: number }).limit)}; remove the rest`, extra: [], atKey: false };
    case "minLength":
      return { message: `${subject} ${show(e.data)} is too short; it needs at least ${(e.params as { limit: number }).limit} characters`, extra: [], atKey: false };
    case "maxLength":
      return { message: `${subject} is too long; at most ${(e.params as { limit: number }).limit} characters`, extra: [], atKey: false };
    case "minimum":
    case "maximum":
      return { message: `${subject} is ${show(e.data)}; it ${e.message}`, extra: [], atKey: false };
    default:
      return { message: `${subject} ${e.message ?? "is not valid"}`, extra: [], atKey: false };
  }
}

function patternRule(title: string | undefined, e: ErrorObject): string {
  switch (title) {
    case "IsoDate":
      return "is not a date in YYYY-MM-DD form, such as 2027-03-31";
    case "Email":
      return "is not an email address like name@fabrikam.com";
    case "Uuid":
      return "is not an object id (a GUID like 3c1d2e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f)";
    case "Domain":
      return "is not a lower-case domain like fabrikam.com";
    case "GuestFilesPattern":
      return 'leaves the repository or is not a relative path: guestFiles patterns are relative to the repository root, with "/" and no ".." segments, like guests/**/*.yaml';
    default:
      return `does not match the pattern ${(e.params as { pattern: string }).pattern}`;
  }
}

function keyRule(e: ErrorObject): string {
  const names = e.schema as { $ref?: string; pattern?: string };
  if (names.$ref?.endsWith("catalogKey")) return "catalog keys use lower-case letters, digits and dashes, like erp-project";
  return names.pattern ? `keys must match ${names.pattern}` : "see the schema";
}

function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function fieldName(pointer: string): string {
  return pathName(pointerToPath(pointer));
}

// "guests[3].email" reads better than a JSON pointer in a one-line message.
function pathName(path: readonly (string | number)[]): string {
  return path.map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`)).join("");
}

/** What a message is about: a guest is named by its address, which the requester knows, not its index. */
function subjectOf(path: readonly (string | number)[], root: unknown): string {
  if (path.length === 0) return "the file";
  const guests = (root as { guests?: unknown } | undefined)?.guests;
  if (path[0] === "guests" && typeof path[1] === "number" && Array.isArray(guests)) {
    const email = (guests[path[1]] as { email?: unknown } | undefined)?.email;
    // A bad address is shown as the value anyway; naming the guest by it would say it twice.
    if (path.length === 3 && path[2] === "email") return "email";
    const who = typeof email === "string" ? `guest ${quote(email, 60)}` : `guests[${path[1]}]`;
    return path.length === 2 ? who : `"${pathName(path.slice(2))}" of ${who}`;
  }
  return `"${pathName(path)}"`;
}


function items(n: number): string {
  return n === 1 ? "1 item" : `${n} items`;
}

function article(type: string): string {
  const names: Record<string, string> = { object: "a map", array: "a list", string: "a string", boolean: "true or false", integer: "a whole number", number: "a number" };
  return names[type] ?? type;
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a map";
  return typeof value;
}
