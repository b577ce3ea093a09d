// The README's promise: its main command's output, as printed there, is what the tool prints today; and
// the reviewer's guide shows the same plan's Markdown as the tool prints it today.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { main } from "../src/cli/main";
import { describeExample, exampleIsBundled } from "./helpers/example";

const ROOT = join(__dirname, "..");
const README = readFileSync(join(ROOT, "README.md"), "utf8");
const REVIEWERS = readFileSync(join(ROOT, "docs", "reviewers.md"), "utf8");

async function run(argv: string[]): Promise<{ code: number; out: string }> {
  let out = "";
  const code = await main(argv, { cwd: ROOT, env: {}, color: false, stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (out += t) } });
  return { code, out };
}

/** The commands shown in the README's example block, each with the output printed under it. */
function exampleBlock(): { command: string; output: string }[] {
  const block = /<!-- example-output:start -->\n```text\n([\s\S]*?)```\n<!-- example-output:end -->/.exec(README)?.[1];
  if (!block) {
    // A fork's own README need not keep the block; its tests skip there (describeExample).
    if (!exampleIsBundled()) return [];
    throw new Error("README.md has no example-output block");
  }
  return block
    .split(/^\$ /m)
    .filter((part) => part.trim() !== "")
    .map((part) => {
      const [command, ...output] = part.split("\n");
      return { command: command!, output: output.join("\n").trimEnd() };
    });
}

describeExample("README", () => {
  it("shows the two commands that npm run example runs", () => {
    const script = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts.example!;
    expect(exampleBlock().map((e) => `node ${e.command}`).join(" && ")).toBe(script);
  });

  it.each(exampleBlock())("shows today's output of $command", async ({ command, output }) => {
    // The README quotes arguments as a shell would; these contain no quotes of their own.
    const argv = command.replace(/^bin\/guestops /, "").match(/'[^']*'|\S+/g)!.map((a) => a.replace(/^'|'$/g, ""));
    const { code, out } = await run(argv);
    expect(code).toBe(0);
    expect(out.trimEnd()).toBe(output);
  });

  it("the reviewer's guide shows today's Markdown of the example plan", async () => {
    const block = /<!-- example-markdown:start -->\n````markdown\n([\s\S]*?)````\n<!-- example-markdown:end -->/.exec(REVIEWERS)?.[1];
    expect(block, "docs/reviewers.md has no example-markdown block").toBeDefined();
    const plan = exampleBlock().find((e) => e.command.startsWith("bin/guestops plan "))!;
    const argv = plan.command.replace(/^bin\/guestops /, "").match(/'[^']*'|\S+/g)!.map((a) => a.replace(/^'|'$/g, ""));
    const { code, out } = await run([...argv, "--format", "markdown"]);
    expect(code).toBe(0);
    expect(out).toBe(block);
  });
});
