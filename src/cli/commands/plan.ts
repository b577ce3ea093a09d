// guestops plan: placeholder until the plan lands.
import type { CommandContext } from "../main";
export const help = "Usage: guestops plan (not yet available)\n";
export async function run(_argv: string[], _ctx: CommandContext): Promise<number> {
  throw new Error("plan is not implemented yet");
}
