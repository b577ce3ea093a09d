// Renderers: untrusted values from YAML stay inert in Markdown and annotations, colour only when asked,
// and annotations land where GitHub can show them.
import { describe, expect, it } from "vitest";
import { renderPlanGithub, renderPlanJson } from "../../src/plan/render-plan-machine";
import { renderPlanMarkdown } from "../../src/plan/render-plan-markdown";
import { renderPlanText } from "../../src/plan/render-plan-text";
import { fabrikamGuests, planFor, repoFiles } from "./plan-fixtures";
import { emptyPlan } from "./plan-values";

const hostile = repoFiles({
  fabrikam: fabrikamGuests().map((g) => (g.email.startsWith("ana.") ? { ...g, displayName: "Ana | <img src=x onerror=alert(1)>\nSilva", expires: "2027-04-30" } : g)),
});

describe("plan renderers", () => {
  it("Markdown keeps a hostile display name inside its table cell, as text", async () => {
    const md = renderPlanMarkdown(await planFor(repoFiles(), hostile));
    const row = md.split("\n").find((l) => l.includes("ana.silva@fabrikam.com") && l.startsWith("|"))!;
    expect(row).toContain("Ana \\| &lt;img src=x onerror=alert\\(1\\)&gt;\\\\u000aSilva");
    expect(row).not.toContain("<img");
    // Six columns: the escaped pipe does not open a seventh.
    expect(row.split(/(?<!\\)\|/).length - 2).toBe(6);
  });

  it("annotations escape newlines and percent signs, and keep one line per guest", async () => {
    const gh = renderPlanGithub(await planFor(repoFiles(), hostile));
    const lines = gh.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^::notice file=guests\/fabrikam\.yaml,line=\d+,col=\d+,title=guestops plan%3A shorten::/);
    expect(lines[0]).toContain("%0ASilva");
  });

  it("a removed guest is annotated on its file without a line: its line is in the base, not the PR's head", async () => {
    const plan = await planFor(repoFiles(), repoFiles({ fabrikam: fabrikamGuests().filter((g) => !g.email.startsWith("ben.")) }));
    expect(plan.guests[0]).toMatchObject({ key: "ben.carter@fabrikam.com", locatedIn: "base", file: "guests/fabrikam.yaml" });
    expect(renderPlanGithub(plan)).toBe(
      "::warning file=guests/fabrikam.yaml,title=guestops plan%3A remove%2C account kept::ben.carter@fabrikam.com \"Ben Carter\": remove, account kept; why: CHG-1 partner work; revokes group ERP Project\n",
    );
  });

  it("terminal text shows control and bidi characters from YAML as escapes", async () => {
    const files = repoFiles({ fabrikam: fabrikamGuests().map((g) => (g.email.startsWith("ana.") ? { ...g, displayName: "Ana\u001b[2J\u202eevomer" } : g)) });
    const text = renderPlanText(await planFor(repoFiles(), files), false);
    expect(text).toContain('"Ana\\u001b[2J\\u202eevomer"');
    expect(text).not.toMatch(/[\u001b\u202e]/);
  });

  it("Markdown neither links, embeds images nor mentions teams from YAML values", async () => {
    const files = repoFiles({ fabrikam: fabrikamGuests().map((g) => (g.email.startsWith("ana.") ? { ...g, displayName: "![x](https://tracker.example/p.gif) @contoso/admins" } : g)) });
    const md = renderPlanMarkdown(await planFor(repoFiles(), files));
    expect(md).toContain("\\!\\[x\\]\\(https:<wbr>//tracker.example/p.gif\\) &#64;<wbr>contoso/admins");
    // Outside code spans (where nothing links or mentions), no bracket opens a link and no "@" mentions.
    const row = md.split("\n").find((l) => l.includes("ana.silva@fabrikam.com"))!.replace(/`[^`]*`/g, "");
    expect(row).not.toMatch(/(?<!\\)[[(]/);
    expect(row).not.toMatch(/@/);
  });

  it("text is coloured only when asked", async () => {
    const plan = await planFor(repoFiles(), repoFiles({ fabrikam: fabrikamGuests().slice(1) }));
    expect(renderPlanText(plan, false)).not.toMatch(/\x1b\[/);
    expect(renderPlanText(plan, true)).toMatch(/\x1b\[/);
  });

  it("JSON keeps the contract's keys first and their meaning", async () => {
    const json = JSON.parse(renderPlanJson(await planFor(repoFiles(), repoFiles({ fabrikam: fabrikamGuests().slice(1) }))));
    expect(Object.keys(json).slice(0, 4)).toEqual(["summary", "changes", "guests", "refused"]);
    expect(Object.keys(json.summary)).toEqual(["create", "update", "replace", "delete"]);
    for (const change of json.changes) expect(change).toEqual(expect.objectContaining({ op: expect.any(String), type: expect.any(String), name: expect.any(String) }));
    expect(json.changes.find((c: { type: string }) => c.type.endsWith("Invitation"))).toMatchObject({ op: "delete", retained: true });
  });
});

describe("the plan's notes in a deploy log", () => {
  it("are notices in the github format, one line each, forging no runner command", () => {
    const notice = 'deployment record "guestops/deploy/prod/20991231T000000Z" was passed over: dated after the day judged\n::error::forged';
    const gh = renderPlanGithub(emptyPlan({ notices: [notice] })).trimEnd().split("\n");
    expect(gh).toHaveLength(1);
    expect(gh[0]).toMatch(/^::notice title=guestops plan%3A note::deployment record "guestops\/deploy\/prod\/20991231T000000Z" was passed over/);
    expect(gh[0]).toContain("%0A");
    expect(gh[0]!.slice(2)).not.toMatch(/^::|\n::/);
  });
});
