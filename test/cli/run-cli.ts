// Runs the CLI in-process through `main(argv, ctx)`, with captured output and a chosen folder and environment.
import { main, type CommandContext } from "../../src/cli/main";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(argv: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const ctx: CommandContext = {
    cwd,
    env,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    color: false,
    // Graph retries back off for seconds; a test does not wait for them.
    sleep: async () => undefined,
  };
  const code = await main(argv, ctx);
  return { code, stdout, stderr };
}
