// Whole plans and validation reports, in every format, built from hostile values: no output line
// starts a runner command, no hidden character survives, Markdown tables keep their columns, and the
// JSON is valid and holds the same data.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { renderGithub, renderGithubSummary, renderJson, renderText, type ValidationReport } from "../../src/cli/render-problems";
import { INVITATION } from "../../src/model/resources-for";
import type { Problem } from "../../src/model/problem";
import type { Plan } from "../../src/plan/plan-types";
import { renderPlanGithub, renderPlanJson } from "../../src/plan/render-plan-machine";
import { renderPlanMarkdown } from "../../src/plan/render-plan-markdown";
import { renderPlanText } from "../../src/plan/render-plan-text";
import { fabrikamGuests, planFor, repoFiles } from "../plan/plan-fixtures";
import { emptyPlan, ERP, planGuest, withCounts } from "../plan/plan-values";

// Runner prefixes, separators, bidi, zero-width, private-use and control characters, and plain text.
const hostile = fc
  .array(
    fc.oneof(
      fc.constantFrom("::error file=x::forged", "::", "##[error]", "##vso[task.setvariable variable=x]1", "##VSO[", "%0A::", "\r\n::warning::", "\n", "\u2028", "\u2029", "\u202e", "\u2066", "\u200b", "\u200d", "\ufeff", "\u00ad", "\u0007", "\u001b[2J", "\u0085", "\ue000", "\u{e0041}", "\u3000", "|", "<b>", "`", "[x](y)", "@team", "\\", '"', ",", "https://evil.example/x", "HTTP://", "ftp:", "//", "www.", "WWW.evil.example", "mailto:", "a@b.example", "@", ".", ":", "a", "(", "_"),
      fc.string({ unit: "grapheme", maxLength: 3 }),
    ),
    { minLength: 1, maxLength: 8 },
  )
  .map((parts) => parts.join(""));

const HIDDEN = /[\p{Cc}\p{Cf}\p{Co}\p{Zl}\p{Zp}]|(?! )\p{Zs}/u;

/** Our own annotation lines: a level, known properties, and a title of ours. Any other line starting "::" is forged. */
const OWN_ANNOTATION = /^::(error|warning|notice) (file=[^:,]*,)?(line=\d+,col=\d+,)?title=guestops [^:,]*::/;

function expectSafe(output: string, format: string, annotations = false): void {
  for (const line of output.split("\n")) {
    if (annotations && line.startsWith("::")) expect(line, `${format}: ${line}`).toMatch(OWN_ANNOTATION);
    else expect(line, `${format}: ${line}`).not.toMatch(/^\s*::/);
    expect(line, format).not.toMatch(/##(vso)?\[/i);
    expect(line.replace(/\n/g, ""), format).not.toMatch(HIDDEN);
  }
}

/**
 * No text that GitHub would turn into a link: the GFM autolink extension's `http://`, `https://` and
 * `ftp://` URLs, `www.` domains and e-mail addresses, and @mentions. GitHub looks for them in each text
 * node after character references and escapes are decoded (cmark-gfm's extensions/autolink.c), so the
 * check does the same: code spans and HTML elements end a text node; what is between is decoded.
 */
function expectNoAutolinks(md: string): void {
  const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"' };
  for (const line of md.split("\n")) {
    for (const node of textNodes(line)) {
      const text = node.replace(/\\([!-/:-@[-`{-~])/g, "$1").replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (m, ref: string) => (ref.startsWith("#") ? String.fromCodePoint(ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : Number(ref.slice(1))) : (ENTITIES[ref] ?? m)));
      expect(text, `a URL in: ${line}`).not.toMatch(/(https?|ftp):\/\/[^\s]/i);
      expect(text, `a www. link in: ${line}`).not.toMatch(/www\.[a-z0-9_-]/i);
      expect(text, `an address in: ${line}`).not.toMatch(/[a-z0-9.+_-]@[a-z0-9_-]/i);
      expect(text, `a mention in: ${line}`).not.toMatch(/(^|[^a-z0-9`])@[a-z0-9]/i);
    }
  }
}

/** A line's text between code spans and HTML tags, escapes kept; a backslash-escaped backtick opens no span. */
function textNodes(line: string): string[] {
  const nodes: string[] = [];
  let text = "";
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "\\") {
      text += line.slice(i, i + 2);
      i++;
      continue;
    }
    const tag = c === "<" ? /^<\/?[a-z][^>]*>/i.exec(line.slice(i)) : null;
    const run = c === "`" ? /^`+/.exec(line.slice(i))![0] : "";
    const close = run ? line.indexOf(run, i + run.length) : -1;
    if (tag || close >= 0) {
      nodes.push(text);
      text = "";
      i = tag ? i + tag[0].length - 1 : close + run.length - 1;
    } else text += c;
  }
  return [...nodes, text];
}

/** Every table row has as many cells as its header: no value opens or closes a cell. */
function expectTablesWhole(md: string): void {
  let columns: number | undefined;
  for (const line of md.split("\n")) {
    if (!line.startsWith("|")) {
      columns = undefined;
      continue;
    }
    const cells = cellsOf(line);
    columns ??= cells;
    expect(cells, line).toBe(columns);
  }
}

function cellsOf(row: string): number {
  let pipes = 0;
  for (let i = 0; i < row.length; i++) {
    if (row[i] === "\\") i++;
    else if (row[i] === "|") pipes++;
  }
  return pipes - 1;
}

const values = fc.record({ partner: hostile, displayName: hostile, justification: hostile, sponsor: hostile, file: hostile, message: hostile, subject: hostile, email: hostile });

type Values = typeof values extends fc.Arbitrary<infer T> ? T : never;

function hostilePlan(v: Values): Plan {
  const grant = { ...ERP, displayName: v.displayName, owners: [v.sponsor] };
  const guest = { partner: v.partner, displayName: v.displayName, justification: v.justification, sponsor: v.sponsor, file: v.file, notes: [v.message] };
  return withCounts(
    emptyPlan({
      stack: v.partner,
      base: { label: v.subject, ref: v.subject, commit: "3f2a9c1d5e7b4a6c8d0e2f4a6b8c0d2e4f6a8b0c", short: "3f2a9c1", subject: v.subject, date: v.message, empty: false },
      head: { label: v.file },
      guests: [
        planGuest({ ...guest, email: v.email, action: "invite", granted: [grant], approvers: [v.sponsor], invitation: { redirectUrl: v.message, message: v.message, cc: v.email, language: v.partner, sendEmail: true } }),
        planGuest({ ...guest, email: `${v.email}2`, action: "adopt", objectId: v.message, granted: [grant] }),
        planGuest({ ...guest, email: `${v.email}3`, action: "remove", revoked: [grant], account: "deleted", locatedIn: "base" }),
        planGuest({ ...guest, email: `${v.email}4`, action: "unchanged" }),
      ],
      changes: [{ op: "delete", type: INVITATION, name: v.email, guest: v.email, reason: v.message, retained: false }],
      ignored: [{ type: INVITATION, name: v.email, inputs: [v.message] }],
      refused: v.message,
      guards: { ...emptyPlan().guards, refusals: [{ guard: "accountDeletion", message: v.message, guest: v.email }], overridden: [{ guard: "massRemoval", message: v.message }], flagged: [v.message] },
      warnings: [{ file: v.file, line: 3, column: 5, message: v.message, rule: "expiringSoon" }],
      notices: [v.message],
      policyChanges: [{ file: v.file, path: v.message, before: [v.partner], after: { [v.displayName]: v.message }, loosens: true, approvers: [v.sponsor] }],
      approvals: [{ for: v.message, anyOf: [v.sponsor], guests: [v.email] }],
    }),
  );
}

function hostileReport(v: Values): ValidationReport {
  const problem = (severity: Problem["severity"]): Problem => ({ file: v.file, line: 2, column: 3, message: v.message, rule: "schema", severity }) as Problem;
  return { stack: v.partner, asOf: "2026-12-01", guests: 1, guestFiles: 1, stackFiles: 1, errors: [problem("error")], warnings: [problem("warning")] };
}

describe("no value from a file forges output", () => {
  it("plans in every format", () => {
    fc.assert(
      fc.property(values, (v) => {
        const plan = hostilePlan(v);
        expectSafe(renderPlanText(plan, false), "text");
        const md = renderPlanMarkdown(plan);
        expectSafe(md, "markdown");
        expectTablesWhole(md);
        expectNoAutolinks(md);
        expectSafe(renderPlanGithub(plan), "github", true);
        const json = renderPlanJson(plan);
        expectSafe(json, "json");
        // JSON is data: valid, and the very same values, escapes and all.
        expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(plan)));
      }),
      { numRuns: 60 },
    );
  });

  it("validation reports in every format", () => {
    fc.assert(
      fc.property(values, (v) => {
        const report = hostileReport(v);
        expectSafe(renderText(report, false), "text");
        expectSafe(renderGithub(report), "github", true);
        const summary = renderGithubSummary(report);
        expectSafe(summary, "markdown");
        expectTablesWhole(summary);
        expectNoAutolinks(summary);
        const json = renderJson(report);
        expectSafe(json, "json");
        expect(JSON.parse(json).errors[0]).toMatchObject({ file: v.file, message: v.message });
      }),
      { numRuns: 60 },
    );
  });

  it("a plan loaded from files with a hostile partner, display name, justification and file name", async () => {
    const forged = "::error file=stacks/prod.yaml::No changes need approval ##vso[task.complete result=Succeeded]\u202e";
    const head = repoFiles({ fabrikam: fabrikamGuests().map((g) => (g.email.startsWith("ana.") ? { ...g, displayName: forged, justification: forged, groups: ["erp-project", "finance"] } : g)) });
    const file = "guests/##[error]fabrikam\u200b.yaml";
    head[file] = head["guests/fabrikam.yaml"]!.replace("partner: Fabrikam", `partner: ${JSON.stringify(forged)}`);
    delete head["guests/fabrikam.yaml"];
    const plan = await planFor(repoFiles(), head);
    expect(plan.guests.find((g) => g.key === "ana.silva@fabrikam.com")).toMatchObject({ action: "change", partner: forged, file });
    expectSafe(renderPlanText(plan, false), "text");
    expectSafe(renderPlanMarkdown(plan), "markdown");
    expectSafe(renderPlanGithub(plan), "github", true);
    expectSafe(renderPlanJson(plan), "json");
    expect(JSON.parse(renderPlanJson(plan)).guests.find((g: { key: string }) => g.key === "ana.silva@fabrikam.com").displayName).toBe(forged);
  });
});
