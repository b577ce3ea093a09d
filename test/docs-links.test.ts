// Every relative link in README.md and docs/ leads somewhere: to a file that exists and, for a heading
// link into Markdown, to a heading that exists.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "..");

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? markdownFiles(path) : name.endsWith(".md") ? [path] : [];
  });
}

const FILES = [join(ROOT, "README.md"), ...(existsSync(join(ROOT, "docs")) ? markdownFiles(join(ROOT, "docs")) : [])];

/** Text without fenced and inline code, where brackets are not links. */
function prose(text: string): string {
  return text.replace(/^(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "").replace(/`[^`\n]*`/g, "");
}

/** [text](target) and [text]: target, without external, mail and absolute links. */
function relativeLinks(text: string): string[] {
  const inline = [...prose(text).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]!);
  const refs = [...prose(text).matchAll(/^\s*\[[^\]]+\]:\s+(\S+)/gm)].map((m) => m[1]!);
  return [...inline, ...refs].filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t) && !t.startsWith("/"));
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes, repeats numbered. */
function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const m of text.replace(/^(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "").matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = m[1]!
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

const cases = FILES.flatMap((file) => relativeLinks(readFileSync(file, "utf8")).map((link) => ({ from: relative(ROOT, file), link })));

describe("documentation links", () => {
  it("README.md links the guides by reader", () => {
    const links = relativeLinks(readFileSync(join(ROOT, "README.md"), "utf8"));
    for (const page of ["docs/requesters.md", "docs/reviewers.md", "docs/platform-team.md", "docs/safety.md", "docs/auditors.md", "docs/tenant.md", "docs/pipelines/README.md"]) {
      expect(links, page).toContain(page);
    }
  });

  it.each(cases)("$from → $link", ({ from, link }) => {
    const [path, anchor] = link.split("#") as [string, string | undefined];
    const target = path === "" ? join(ROOT, from) : join(ROOT, dirname(from), decodeURIComponent(path));
    const name = relative(ROOT, target);
    expect(existsSync(target), `${from} links to ${link}, but ${name} does not exist`).toBe(true);
    if (anchor !== undefined && target.endsWith(".md")) {
      expect([...anchors(readFileSync(target, "utf8"))], `${from} links to #${anchor}, which is no heading of ${name}`).toContain(anchor);
    }
  });

  it("finds the links it checks, so that it cannot pass by finding none", () => {
    expect(cases.length).toBeGreaterThan(20);
    expect(relativeLinks("[a](docs/x.md#y) [b](https://example.com) `[c](z.md)`\n[d]: ../e.md")).toEqual(["docs/x.md#y", "../e.md"]);
    expect([...anchors("## Check your change: `guestops validate`\n## CI identity (OIDC, no stored secrets)\n## A\n## A")]).toEqual([
      "check-your-change-guestops-validate",
      "ci-identity-oidc-no-stored-secrets",
      "a",
      "a-1",
    ]);
  });
});
