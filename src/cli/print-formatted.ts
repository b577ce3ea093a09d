// How a report reaches its medium, the same for validate, plan and a tenant's plan: JSON or Markdown on
// stdout; for GitHub, annotations and the log's text with the Markdown appended to the job summary; for
// Azure Pipelines, logging commands and the log's text with the Markdown uploaded as the summary.
import { appendFile } from "node:fs/promises";
import { writeAzureSummary } from "../output/azure-summary";
import type { CommandContext } from "./context";

export interface Renderings {
  json(): string;
  markdown(): string;
  text(color: boolean): string;
  github(): string;
  /** Without it, `azure` prints the text. */
  azure?(): string;
  /** What the CI log shows beside the annotations; default, the uncoloured text. */
  logText?(): string;
}

export async function printFormatted(format: string, summaryName: string, r: Renderings, ctx: CommandContext): Promise<void> {
  const logText = () => (r.logText ? r.logText() : r.text(false));
  if (format === "json") ctx.stdout.write(r.json());
  else if (format === "markdown") ctx.stdout.write(r.markdown());
  else if (format === "github") {
    ctx.stdout.write(r.github());
    ctx.stdout.write(logText());
    if (ctx.env.GITHUB_STEP_SUMMARY) await appendFile(ctx.env.GITHUB_STEP_SUMMARY, r.markdown());
  } else if (format === "azure" && r.azure) {
    ctx.stdout.write(r.azure());
    ctx.stdout.write(logText());
    ctx.stdout.write(writeAzureSummary(ctx.env, summaryName, r.markdown()));
  } else ctx.stdout.write(r.text(ctx.color));
}
