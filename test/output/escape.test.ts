// Every output medium's escaper, as properties over arbitrary text: no value can start a runner
// command, hide a character, break a table or a CSV row, or inject markup.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { azureCommand, csvField, html, json, markdown, markdownCode, terminal, visible, workflowCommand } from "../../src/output/escape";

// Strings rich in the characters that matter: runner prefixes, separators, bidi and zero-width marks.
const hostile = fc.array(
  fc.oneof(
    fc.constantFrom("::", "\\|", "\\", "##[", "##vso[", "%", "\r", "\n", "\u2028", "\u202e", "\u200b", "\ufeff", "\u0007", "\u001b[31m", "|", "<", ">", "`", "[", "]", "(", ")", "@", "=", ";", ",", '"', "#", "\t"),
    fc.string({ unit: "grapheme", maxLength: 4 }),
  ),
  { maxLength: 12 },
).map((parts) => parts.join(""));

const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/** Pipes that GitHub's table parser would split a row at: those not escaped by a backslash pair. */
function unescapedPipes(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === "|") n++;
  }
  return n;
}
const RUNNER = /^\s*::|##(vso)?\[/i;

describe("escapers", () => {
  it("visible and terminal text holds no hidden character and no runner command", () => {
    fc.assert(
      fc.property(hostile, (s) => {
        expect(visible(s)).not.toMatch(HIDDEN);
        const t = terminal(s);
        expect(t).not.toMatch(HIDDEN);
        expect(t).not.toMatch(RUNNER);
        // Prefixed or not, a line holding the value starts no command.
        expect(`x ${t}`).not.toMatch(/##(vso)?\[/i);
      }),
    );
  });

  it("terminal breaks a runner's double colon, and leaves a lone colon (a Git revision like :/regex) as it is", () => {
    expect(terminal("::error file=x::forged")).toBe("\\::error file=x::forged");
    expect(terminal("  ::warning::x")).toBe("  \\::warning::x");
    expect(terminal(":/^example: base state")).toBe(":/^example: base state");
    expect(terminal("a ##vso[task.complete] ##[error]")).toBe("a #\\#vso[task.complete] #\\#[error]");
  });

  it("JSON stays valid and the same data, with hidden characters and runner prefixes as \\u escapes", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(hostile, hostile), { maxLength: 5 }), (pairs) => {
        const value = { list: pairs.map(([k, v]) => ({ [k]: v, n: 1 })), text: pairs.map(([k]) => k).join("") };
        const text = json(value);
        expect(JSON.parse(text)).toEqual(value);
        expect(text.replace(/\n/g, "")).not.toMatch(HIDDEN);
        expect(text).not.toMatch(/##(vso)?\[/i);
        for (const line of text.split("\n")) expect(line).not.toMatch(/^\s*::/);
      }),
    );
    expect(json({ a: "##vso[x]\u202e\u{e0041}" }, 0)).toBe('{"a":"\\u0023#vso[x]\\u202e\\udb40\\udc41"}');
  });

  it("markdown keeps one table cell and has no markup, links or mentions", () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const m = markdown(s);
        expect(m).not.toMatch(HIDDEN);
        expect(m).not.toMatch(/(^|[^\\])\|/);
        // The only element is the escaper's own <wbr>, which shows nothing and keeps autolinks apart.
        expect(m.replace(/<wbr>/g, "")).not.toMatch(/[<>]/);
        expect(m).not.toMatch(/@/);
        expect(m).not.toMatch(/(^|[^\\])\[/);
        expect(m).not.toMatch(RUNNER);
      }),
    );
  });

  it("terminal breaks a lone \":\" that a renderer's own \":\" would make a runner command", () => {
    expect(`  ${terminal(":")}: any of`).not.toMatch(/^\s*::/);
    expect(terminal(" :")).toBe(" \\:");
    expect(terminal("a:")).toBe("a:");
  });

  it.each([
    ["https://evil.example/x", "https:<wbr>//evil.example/x"],
    ["see HTTP://x.example", "see HTTP:<wbr>//x.example"],
    ["ftp://x.example", "ftp:<wbr>//x.example"],
    ["www.evil.example", "www<wbr>.evil.example"],
    ["(WWW.evil.example)", "\\(WWW<wbr>.evil.example\\)"],
    ["ana@evil.example", "ana&#64;<wbr>evil.example"],
    ["mailto:ana@evil.example", "mailto:ana&#64;<wbr>evil.example"],
    ["@platform-team", "&#64;<wbr>platform-team"],
  ])("markdown keeps %j from becoming a link or mention, reading the same", (value, escaped) => {
    expect(markdown(value)).toBe(escaped);
  });

  it("markdown code spans never end early, nor end a table cell", () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const c = markdownCode(s);
        if (c.startsWith("`")) expect(c.slice(1, -1)).not.toContain("`");
        // A table row splits at every pipe that a backslash does not escape, code spans or not.
        expect(unescapedPipes(c)).toBe(0);
        expect(unescapedPipes(markdown(s))).toBe(0);
      }),
    );
    expect(markdownCode("a\\|b")).toBe("a\\\\\\|b");
  });

  it("a workflow command is one line, and its message cannot end it or start another", () => {
    fc.assert(
      fc.property(hostile, hostile, (file, message) => {
        const line = workflowCommand("error", { file, line: 3 }, message);
        expect(line).not.toMatch(/[\r\n]/);
        expect(line.startsWith("::error file=")).toBe(true);
        const props = line.slice("::error ".length, line.indexOf("::", 2));
        // The property list ends at the first "::": a file name cannot add a property or end it.
        expect(props.split(",")).toHaveLength(2);
        expect(line.slice(2)).not.toMatch(/##(vso)?\[/i);
      }),
    );
    expect(workflowCommand("notice", { title: "a:b,c" }, "50% done\nnext")).toBe("::notice title=a%3Ab%2Cc::50%25 done%0Anext");
  });

  it("an Azure DevOps logging command has Azure's escaping and cannot be ended by a value", () => {
    fc.assert(
      fc.property(hostile, hostile, (path, message) => {
        const line = azureCommand("task.logissue", { type: "error", sourcepath: path }, message);
        expect(line).not.toMatch(/[\r\n]/);
        const head = line.slice(0, line.indexOf("]") + 1);
        expect(head.startsWith("##vso[task.logissue type=error;sourcepath=")).toBe(true);
        expect(head.split(";")).toHaveLength(2);
        expect(line.slice(head.length)).not.toMatch(/##(vso)?\[/i);
      }),
    );
    expect(azureCommand("task.logissue", { type: "warning" }, "100% [x]; y")).toBe("##vso[task.logissue type=warning]100%AZP25 [x]; y");
  });

  it("CSV fields stay one field and never start a formula", () => {
    fc.assert(
      fc.property(hostile, (s) => {
        const f = csvField(s);
        expect(f.startsWith('"') && f.endsWith('"')).toBe(true);
        expect(f.slice(1, -1).replace(/""/g, "")).not.toContain('"');
        expect(f).not.toMatch(/[\r\n]/);
        expect(f.slice(1)).not.toMatch(/^[=+\-@\t]/);
      }),
    );
    expect(csvField("=HYPERLINK(1)")).toBe(`"'=HYPERLINK(1)"`);
    expect(csvField(3)).toBe("3");
  });

  it("HTML text holds no markup", () => {
    fc.assert(
      fc.property(hostile, (s) => {
        expect(html(s)).not.toMatch(/[<>"']/);
        expect(html(s)).not.toMatch(HIDDEN);
      }),
    );
  });
});

describe("CSV and HTML printed into a CI log", () => {
  // A CSV or an HTML report may be cat into a job's log, where Azure and Actions read ##vso[ anywhere.
  it("start no runner command", () => {
    fc.assert(
      fc.property(hostile, (s) => {
        expect(csvField(s)).not.toMatch(/##(vso)?\[/i);
        expect(html(s)).not.toMatch(/##(vso)?\[/i);
      }),
    );
    expect(csvField("##vso[task.x]1")).toBe('"#\\#vso[task.x]1"');
    expect(html("##[error]x")).toBe("&#35;&#35;[error]x");
  });
});
