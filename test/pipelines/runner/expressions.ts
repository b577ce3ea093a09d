// GitHub Actions' `${{ }}` expressions, for the subset the shipped workflows use: contexts (env, vars,
// github, inputs, runner, matrix, steps.*.outputs/outcome, needs.*.outputs/result), literals, `==`, `!=`,
// `&&`, `||`, `!`, parentheses, and the functions always, success, failure, cancelled, fromJSON,
// toJSON, contains, startsWith, format. Anything else throws, so a workflow that starts using more
// fails here loudly instead of evaluating to a quiet empty string.

export interface Contexts {
  [name: string]: unknown;
  /** The job's status functions: whether an earlier step (or needed job) failed. */
  failed?: boolean;
  /** A needed job was skipped: success() is false, failure() is not true, as on GitHub. */
  skippedNeeds?: boolean;
}

type Token = { kind: "str" | "num" | "id" | "op"; value: string };

const KNOWN = new Set(["env", "vars", "github", "inputs", "runner", "matrix", "steps", "needs", "job", "secrets"]);

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) i++;
    else if (c === "'") {
      let s = "";
      i++;
      for (;;) {
        if (i >= text.length) throw new Error(`unterminated string in expression: ${text}`);
        if (text[i] === "'" && text[i + 1] === "'") {
          s += "'";
          i += 2;
        } else if (text[i] === "'") break;
        else s += text[i++];
      }
      i++;
      out.push({ kind: "str", value: s });
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9.]+/.exec(text.slice(i))![0];
      out.push({ kind: "num", value: m });
      i += m.length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(text.slice(i))![0];
      out.push({ kind: "id", value: m });
      i += m.length;
    } else {
      const two = text.slice(i, i + 2);
      const op = ["==", "!=", "&&", "||", "<=", ">="].includes(two) ? two : "!().,[]*<>".includes(c) ? c : undefined;
      if (op === undefined) throw new Error(`unexpected ${JSON.stringify(c)} in expression: ${text}`);
      out.push({ kind: "op", value: op });
      i += op.length;
    }
  }
  return out;
}

const truthy = (v: unknown): boolean => !(v === false || v === null || v === undefined || v === 0 || v === "" || Number.isNaN(v));

function loose(a: unknown, b: unknown): boolean {
  if (typeof a === "string" && typeof b === "string") return a.toLowerCase() === b.toLowerCase();
  if (typeof a === typeof b) return a === b;
  const num = (v: unknown) => (v === null || v === undefined ? 0 : typeof v === "boolean" ? Number(v) : Number(v));
  return num(a) === num(b);
}

export function evaluate(expression: string, ctx: Contexts): unknown {
  const tokens = tokenize(expression);
  let pos = 0;
  const peek = () => tokens[pos];
  const take = (value?: string): Token => {
    const t = tokens[pos++];
    if (!t || (value !== undefined && t.value !== value)) throw new Error(`expected ${value ?? "a value"} in expression: ${expression}`);
    return t;
  };

  const or = (): unknown => {
    let left = and();
    while (peek()?.value === "||") {
      take();
      const right = and();
      left = truthy(left) ? left : right;
    }
    return left;
  };
  const and = (): unknown => {
    let left = equality();
    while (peek()?.value === "&&") {
      take();
      const right = equality();
      left = truthy(left) ? right : left;
    }
    return left;
  };
  const equality = (): unknown => {
    const left = unary();
    const op = peek()?.value;
    if (op === "==" || op === "!=") {
      take();
      const right = unary();
      return op === "==" ? loose(left, right) : !loose(left, right);
    }
    return left;
  };
  const unary = (): unknown => {
    if (peek()?.value === "!") return (take(), !truthy(unary()));
    return postfix();
  };
  const postfix = (): unknown => {
    let value = primary();
    // After `.*` (an object filter, as in labels.*.name), each further member is taken of every element.
    let spread = false;
    for (;;) {
      const t = peek();
      if (t?.value === ".") {
        take();
        const name = take().value;
        if (name === "*") {
          value = value !== null && typeof value === "object" ? Object.values(value as object) : [];
          spread = true;
        } else value = spread ? (value as unknown[]).map((v) => member(v, name)) : member(value, name);
      } else if (t?.value === "[") {
        take();
        const key = or();
        take("]");
        value = member(value, String(key));
      } else return value;
    }
  };
  const member = (value: unknown, name: string): unknown => {
    if (value === null || typeof value !== "object") return null;
    const entry = Object.entries(value as Record<string, unknown>).find(([k]) => k.toLowerCase() === name.toLowerCase());
    return entry ? entry[1] : null;
  };
  const primary = (): unknown => {
    const t = take();
    if (t.kind === "str") return t.value;
    if (t.kind === "num") return Number(t.value);
    if (t.value === "(") {
      const v = or();
      take(")");
      return v;
    }
    if (t.kind !== "id") throw new Error(`unexpected ${t.value} in expression: ${expression}`);
    if (t.value === "true" || t.value === "false") return t.value === "true";
    if (t.value === "null") return null;
    if (peek()?.value === "(") {
      take("(");
      const args: unknown[] = [];
      while (peek()?.value !== ")") {
        args.push(or());
        if (peek()?.value === ",") take(",");
      }
      take(")");
      return call(t.value, args);
    }
    if (!KNOWN.has(t.value)) throw new Error(`unknown context ${t.value} in expression: ${expression}`);
    if (!(t.value in ctx)) throw new Error(`the context ${t.value} is not available here: ${expression}`);
    return ctx[t.value];
  };
  const call = (name: string, args: unknown[]): unknown => {
    switch (name) {
      case "always":
        return true;
      case "success":
        return !ctx.failed && !ctx.skippedNeeds;
      case "failure":
        return Boolean(ctx.failed);
      case "cancelled":
        return false;
      case "fromJSON":
        return JSON.parse(String(args[0]));
      case "toJSON":
        return JSON.stringify(args[0]);
      case "contains":
        return Array.isArray(args[0]) ? args[0].some((v) => loose(v, args[1])) : String(args[0] ?? "").toLowerCase().includes(String(args[1] ?? "").toLowerCase());
      case "startsWith":
        return String(args[0] ?? "").toLowerCase().startsWith(String(args[1] ?? "").toLowerCase());
      case "format":
        return String(args[0]).replace(/\{(\d+)\}/g, (_, n: string) => String(args[Number(n) + 1] ?? ""));
      default:
        throw new Error(`unknown function ${name}() in expression: ${expression}`);
    }
  };

  const result = or();
  if (pos !== tokens.length) throw new Error(`unexpected ${tokens[pos]!.value} in expression: ${expression}`);
  return result;
}

/** Whether an `if:` holds; without a status function, success() is implied, as on GitHub. */
export function condition(text: string | boolean | undefined, ctx: Contexts): boolean {
  const implied = !ctx.failed && !ctx.skippedNeeds;
  if (text === undefined) return implied;
  if (typeof text === "boolean") return text && implied;
  const bare = text.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, "$1");
  const value = truthy(evaluate(bare, ctx));
  return /\b(always|success|failure|cancelled)\(/.test(bare) ? value : value && implied;
}

const asString = (v: unknown): string => (v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v));

/** A string with `${{ }}` inside, as in `env:` and `with:` values. A whole-string expression keeps its type. */
export function interpolate(text: unknown, ctx: Contexts): unknown {
  if (typeof text !== "string") return text;
  const whole = /^\$\{\{([^}]*(?:\}(?!\})[^}]*)*)\}\}$/.exec(text.trim());
  if (whole) return evaluate(whole[1]!, ctx);
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, e: string) => asString(evaluate(e, ctx)));
}

export const interpolateString = (text: unknown, ctx: Contexts): string => asString(interpolate(text, ctx));
