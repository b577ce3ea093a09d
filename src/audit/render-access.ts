// Entitlements on a date as text, Markdown, JSON and CSV (one row per guest and grant).
import { csvField, markdown, markdownCode, terminal, json } from "../output/escape";
import type { Access } from "./build-access";

export function renderAccessJson(access: Access): string {
  return `${json(access)}\n`;
}

export const ACCESS_COLUMNS = ["asOf", "email", "partner", "sponsor", "expires", "status", "target", "since", "commit", "pr", "approvers"] as const;

export function renderAccessCsv(access: Access): string {
  const rows = [ACCESS_COLUMNS.join(",")];
  for (const g of access.guests) {
    const base = [access.asOf, g.email, g.partner, g.sponsor, g.expires, g.status];
    if (g.grants.length === 0) rows.push([...base, null, null, null, null, null].map(csvField).join(","));
    for (const x of g.grants) rows.push([...base, x.target, x.since, x.commit, x.pr, x.approvers.join(" ")].map(csvField).join(","));
  }
  return `${rows.join("\r\n")}\r\n`;
}

function heading(access: Access, escape: (text: string) => string): string {
  const at = access.commit ? `the state at commit ${access.commit.slice(0, 12)}` : "no commit of this stack yet";
  return `Access in stack ${escape(access.stack)} on ${access.asOf} (${at}): ${access.guests.length} guest(s), ${access.guests.reduce((n, g) => n + g.grants.length, 0)} grant(s)`;
}

export function renderAccessText(access: Access): string {
  const lines = [heading(access, terminal), ""];
  for (const g of access.guests) {
    lines.push(`${terminal(g.email)}  ${terminal(g.partner)}  ${g.status}, expires ${terminal(g.expires)}${g.sponsor ? `, sponsor ${terminal(g.sponsor)}` : ""}`);
    for (const x of g.grants) {
      const evidence = x.commit ? `${x.commit.slice(0, 12)}${x.pr !== null ? ` PR #${x.pr}` : ""}` : "no commit";
      lines.push(`  ${terminal(x.target)}  since ${x.since}  ${evidence}${x.approvers.length > 0 ? `  approved by ${x.approvers.map(terminal).join(", ")}` : "  no approver recorded"}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

export function renderAccessMarkdown(access: Access): string {
  const lines = [`## ${heading(access, markdownCode)}`, ""];
  if (access.guests.length === 0) return `${[...lines, "_No guests._"].join("\n")}\n`;
  lines.push("| Guest | Partner | Status | Expires | Target | Since | Commit | PR | Approvers |", "|---|---|---|---|---|---|---|---|---|");
  for (const g of access.guests) {
    const cells = `| ${markdown(g.email)} | ${markdown(g.partner)} | ${g.status} | ${markdown(g.expires)} |`;
    if (g.grants.length === 0) lines.push(`${cells} | | | | |`);
    for (const x of g.grants) lines.push(`${cells} ${markdownCode(x.target)} | ${x.since} | ${x.commit ? markdownCode(x.commit.slice(0, 12)) : ""} | ${x.pr ?? ""} | ${x.approvers.map(markdown).join(", ")} |`);
  }
  return `${lines.join("\n")}\n`;
}
