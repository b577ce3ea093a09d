// The program's Pulumi configuration (namespace `guestops`). Every key is optional; a value that is set
// but malformed stops the run, since guessing a date decides who loses access.
import * as pulumi from "@pulumi/pulumi";
import { isRealDate, todayUtc } from "../model/dates";

export const CONFIG_NAMESPACE = "guestops";

export interface ProgramConfig {
  /** The day expiry is judged against, YYYY-MM-DD. */
  asOf: string;
  /** Deploy even when no guest is declared, which removes every guest's access. */
  allowEmpty: boolean;
}

export interface RawProgramConfig {
  asOf?: string;
  allowEmpty?: string;
}

/** Reads `guestops:*` from the stack's configuration. */
export function readProgramConfig(config: pulumi.Config = new pulumi.Config(CONFIG_NAMESPACE), now: Date = new Date()): ProgramConfig {
  return parseProgramConfig({ asOf: config.get("asOf"), allowEmpty: config.get("allowEmpty") }, now);
}

/** Pure half of `readProgramConfig`; throws a RunError (printed without a stack trace) on a bad value. */
export function parseProgramConfig(raw: RawProgramConfig, now: Date = new Date()): ProgramConfig {
  const asOf = raw.asOf === undefined || raw.asOf === "" ? todayUtc(now) : raw.asOf;
  if (!isRealDate(asOf)) {
    throw new pulumi.RunError(
      `config ${CONFIG_NAMESPACE}:asOf is ${JSON.stringify(raw.asOf)}, which is not a date; ` +
        `use YYYY-MM-DD (pulumi config set ${CONFIG_NAMESPACE}:asOf ${todayUtc(now)}), or remove it to use today in UTC (pulumi config rm ${CONFIG_NAMESPACE}:asOf)`,
    );
  }
  if (raw.allowEmpty !== undefined && raw.allowEmpty !== "true" && raw.allowEmpty !== "false") {
    throw new pulumi.RunError(`config ${CONFIG_NAMESPACE}:allowEmpty is ${JSON.stringify(raw.allowEmpty)}; it must be true or false`);
  }
  return { asOf, allowEmpty: raw.allowEmpty === "true" };
}
