// The tenant policy's identity in docs/platform-team.md holds exactly the permissions the code names:
// the table and the script that grants them list POLICY_PERMISSIONS (src/graph/tenant-settings-graph.ts),
// whose names the providers put in a 403's error, and the guests' deploy app is granted none of them.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { POLICY_PERMISSION_USES, POLICY_PERMISSIONS } from "../src/graph/tenant-settings-graph";

const DOC = readFileSync(join(__dirname, "..", "docs", "platform-team.md"), "utf8");

/** The text between one heading and the next of the same or a higher level. */
function section(heading: string): string {
  const at = DOC.indexOf(`\n${heading}\n`);
  expect(at, heading).toBeGreaterThan(0);
  const level = heading.split(" ")[0]!;
  const rest = DOC.slice(at + heading.length + 2);
  const end = rest.search(new RegExp(`^#{1,${level.length}} `, "m"));
  return end < 0 ? rest : rest.slice(0, end);
}

/** `| \`Name\` | why |` rows of the first table in `text`: name → why. */
function tableRows(text: string): [string, string][] {
  return [...text.matchAll(/^\| `([\w.]+)` \| (.+?) \|$/gm)].map((m) => [m[1]!, m[2]!]);
}

describe("the tenant policy's identity", () => {
  const policy = section("## The tenant policy's identity");

  it("the table lists each permission the code names, with its use, and no other", () => {
    const block = /<!-- policy-permissions:start -->\n([\s\S]*?)<!-- policy-permissions:end -->/.exec(policy);
    expect(block, "no policy-permissions block").not.toBeNull();
    expect(tableRows(block![1]!)).toEqual(Object.entries(POLICY_PERMISSION_USES));
    expect(Object.keys(POLICY_PERMISSION_USES).sort()).toEqual([...new Set(Object.values(POLICY_PERMISSIONS))].sort());
  });

  it("the script grants the same permissions to the policy app", () => {
    const loop = /for permission in ([^;]+); do/.exec(policy.replace(/\\\n\s*/g, ""));
    expect(loop, "no for loop over the permissions").not.toBeNull();
    expect(loop![1]!.trim().split(/\s+/).sort()).toEqual(Object.keys(POLICY_PERMISSION_USES).sort());
    expect(policy).toContain("--display-name guestops-policy");
  });

  it("the guests' deploy app is granted no Policy permission", () => {
    const guests = section("## Least-privilege Microsoft Graph permissions");
    const granted = tableRows(guests).map(([name]) => name);
    expect(granted.length).toBeGreaterThan(5);
    expect(granted.filter((p) => p.startsWith("Policy."))).toEqual([]);
  });

  it("finds the rows it checks, so that it cannot pass by finding none", () => {
    expect(tableRows("| `Policy.Read.All` | reads |\n| Other | x |")).toEqual([["Policy.Read.All", "reads"]]);
  });
});
