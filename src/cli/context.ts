// What a command runs with: its folder, environment and output streams. Apart from main.ts, so that
// commands need not import the module that imports them.
export interface CommandContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Colour terminal output. */
  color: boolean;
  /** How Graph retries wait; tests pass one that returns at once. */
  sleep?: (ms: number) => Promise<void>;
}
