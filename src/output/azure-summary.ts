// Azure Pipelines' job summary: Markdown in a file, attached to the run with ##vso[task.uploadsummary].
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { azureCommand } from "./escape";

/** Writes `markdown` beside the agent's temporary files and returns the command that uploads it. */
export function writeAzureSummary(env: NodeJS.ProcessEnv, name: string, markdown: string): string {
  // A fresh name per call: two steps of one job each get their own summary section.
  const path = join(env.AGENT_TEMPDIRECTORY || tmpdir(), `guestops-${name}-${process.pid}-${Date.now()}.md`);
  writeFileSync(path, markdown);
  return azureCommand("task.uploadsummary", {}, path) + "\n";
}
