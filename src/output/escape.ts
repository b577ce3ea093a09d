// One escaper per output medium. Every value that comes from a file, a Git commit or a Graph response
// reaches output through exactly one of these, chosen by where the text goes: a terminal or CI log,
// Markdown, a GitHub workflow command, an Azure DevOps logging command, CSV or HTML. Pure and total.

/**
 * Control, invisible, bidi and other format characters, and line or paragraph separators: spelled out as
 * \uXXXX so a value can neither rewrite a terminal nor read as something it is not.
 */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}]|(?! )\p{Zs}/gu;

/** Any text with its hidden characters made visible; the base of every medium below. */
export function visible(text: string): string {
  return text.replace(HIDDEN, (c) => {
    const code = c.codePointAt(0)!;
    return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

/**
 * A value for a terminal or a CI log, where runners read their own commands: GitHub's `::cmd::` at the
 * start of a line, and `##[cmd]` and `##vso[cmd]` anywhere in it (Actions and Azure Pipelines). A value
 * can land at the start of a line, so both are broken wherever they appear.
 */
export function terminal(text: string): string {
  return visible(text)
    // A lone ":" too: a renderer may write its own ":" right after it, as in "<for>: any of …".
    .replace(/^(\s*):(?=:|$)/, "$1\\:")
    .replace(/#(?=#(?:vso)?\[)/gi, "#\\");
}

/**
 * A value inside Markdown (a table cell or a list item): no table breaks, no HTML, no links or images,
 * no mentions that notify anyone, no emphasis that hides text, no runner commands.
 *
 * GitHub also links text that reads as an address: `https://…`, `www.…` and `name@domain` (the GFM
 * autolink extension). It finds e-mail addresses, and mentions, in the text after character references
 * and escapes are decoded, so `&#64;` alone does not stop them: only an element between the parts does.
 * `<wbr>` is one that shows nothing (a place where a long line may wrap), so the value reads the same.
 */
export function markdown(text: string): string {
  return terminal(text)
    .replace(/[\\`*_~|[\]()!#]/g, (c) => `\\${c}`)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/@/g, AT)
    .replace(/:(?=\/\/)/g, ":<wbr>")
    .replace(/(www)(?=\.)/gi, "$1<wbr>");
}

/** `@` that starts no mention and ends no address: nothing is linked across the element. */
const AT = "&#64;<wbr>";

/**
 * A value as inline code in Markdown, or escaped text when a backtick would end the span early. In a
 * table, a pipe is escaped even inside code, and a backslash before it cannot be: code spans take no
 * escapes, so `\\|` would end the cell. Such values are escaped text too.
 */
export function markdownCode(text: string): string {
  const code = terminal(text);
  if (/[`]/.test(text) || text.length === 0 || /\\\|/.test(code)) return markdown(text);
  return `\`${code.replace(/\|/g, "\\|")}\``;
}

export type WorkflowLevel = "error" | "warning" | "notice";

/** A GitHub workflow command (`::error file=…,line=…::message`), escaped so that no value can end it early. */
export function workflowCommand(level: WorkflowLevel, props: Readonly<Record<string, string | number>>, message: string): string {
  const list = Object.entries(props).map(([k, v]) => `${k}=${workflowData(String(v)).replace(/:/g, "%3A").replace(/,/g, "%2C")}`);
  return `::${level}${list.length > 0 ? ` ${list.join(",")}` : ""}::${workflowData(message)}`;
}

function workflowData(text: string): string {
  // The runner unescapes %25, %0D and %0A; everything else hidden is spelled out first.
  return terminal(text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A"));
}

/**
 * An Azure DevOps logging command (`##vso[task.logissue type=error;sourcepath=…]message`), with Azure's
 * escaping: `%AZP25` for %, `%0D`/`%0A` for line breaks, and `%3B`/`%5D` for `;` and `]` in properties.
 */
export function azureCommand(command: string, props: Readonly<Record<string, string | number>>, message: string): string {
  const list = Object.entries(props).map(([k, v]) => `${k}=${azureData(String(v)).replace(/;/g, "%3B").replace(/\]/g, "%5D")}`);
  return `##vso[${command}${list.length > 0 ? ` ${list.join(";")}` : ""}]${azureData(message)}`;
}

function azureData(text: string): string {
  return terminal(text.replace(/%/g, "%AZP25").replace(/\r/g, "%0D").replace(/\n/g, "%0A"));
}

/**
 * One CSV field: always quoted, quotes doubled, hidden characters visible, and a leading `=`, `+`, `-`,
 * `@` or tab prefixed with `'` so that no spreadsheet runs it as a formula (OWASP CSV injection).
 */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value !== "string") return String(value);
  // A CSV printed into a CI log must start no runner command: `##[`/`##vso[` lose their first `#`'s power.
  const text = visible(value).replace(/#(?=#(?:vso)?\[)/gi, "#\\");
  const safe = /^[=+\-@\t]/.test(value) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

/**
 * JSON for machines: the same data, with every hidden character and the `#` of every `##[` or `##vso[`
 * written as a \u escape, so that JSON printed into a CI log hides nothing and starts no runner command.
 * Outside its strings, JSON.stringify writes only structure, numbers and the indent's spaces and newlines.
 */
export function json(value: unknown, indent = 2): string {
  return JSON.stringify(value, null, indent)
    .replace(JSON_HIDDEN, (c) => Array.from({ length: c.length }, (_, i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, "0")}`).join(""))
    .replace(/#(?=#(?:vso)?\[)/gi, "\\u0023");
}

/** HIDDEN without the newline, which JSON.stringify writes only as indentation (inside strings it is \n). */
const JSON_HIDDEN = /(?!\n)[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}]|(?! )\p{Zs}/gu;

/** Text for HTML element content or a quoted attribute value. */
export function html(text: string): string {
  // `#` as &#35;: the page reads the same, and a report printed into a CI log starts no `##vso[` command.
  return visible(text).replace(/[&<>"'#]/g, (c) => `&#${c.charCodeAt(0)};`);
}
