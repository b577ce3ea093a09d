import type { RunResult } from "./github-runner";
import type { PullRequest, Sandbox } from "./sandbox";

export interface AzureTrigger {
  reason: "PullRequest" | "IndividualCI" | "Schedule" | "Manual";
  pr?: PullRequest;
  parameters?: Record<string, unknown>;
}

export async function runAzurePipeline(_sb: Sandbox, _file: string, _trigger: AzureTrigger, _id: number): Promise<RunResult> {
  throw new Error("not yet");
}
