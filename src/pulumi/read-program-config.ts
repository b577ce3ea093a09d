// The program's Pulumi configuration (namespace `guestops`). Every key is optional; a value that is set
// but malformed stops the run, since guessing a date decides who loses access.
import * as pulumi from "@pulumi/pulumi";
import { daysBetween, isRealDate, todayUtc } from "../model/dates";

export const CONFIG_NAMESPACE = "guestops";

/** How far guestops:asOf may be from today (UTC) in a deploy: a day either way covers time zones. */
export const MAX_AS_OF_DRIFT_DAYS = 1;

export interface ProgramConfig {
  /** The day expiry is judged against, YYYY-MM-DD. */
  asOf: string;
  /** Set when a preview runs with an asOf far from today, which a deploy would refuse. */
  asOfWarning?: string;
  /** Deploy even when no guest is declared, which removes every guest's access. */
  allowEmpty: boolean;
}

export interface RawProgramConfig {
  asOf?: string;
  allowEmpty?: string;
}

/** Reads `guestops:*` from the stack's configuration. */
export function readProgramConfig(config: pulumi.Config = new pulumi.Config(CONFIG_NAMESPACE), now: Date = new Date()): ProgramConfig {
  return parseProgramConfig({ asOf: config.get("asOf"), allowEmpty: config.get("allowEmpty") }, now, pulumi.runtime.isDryRun());
}

/** Pure half of `readProgramConfig`; throws a RunError (printed without a stack trace) on a bad value. */
export function parseProgramConfig(raw: RawProgramConfig, now: Date = new Date(), preview = false): ProgramConfig {
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
  // The date decides who has access: a far date set in a reviewed file would expire everyone (or
  // restore expired access) with no guest line changed. Previews may look ahead; deploys may not.
  const today = todayUtc(now);
  const drift = daysBetween(today, asOf);
  let asOfWarning: string | undefined;
  if (Math.abs(drift) > MAX_AS_OF_DRIFT_DAYS) {
    const what = `config ${CONFIG_NAMESPACE}:asOf is ${asOf}, ${Math.abs(drift)} days ${drift > 0 ? "after" : "before"} today (${today} UTC)`;
    if (!preview) {
      throw new pulumi.RunError(`${what}; a deploy judges expiry on today, so it refuses a date more than ${MAX_AS_OF_DRIFT_DAYS} day away. Remove it (pulumi config rm ${CONFIG_NAMESPACE}:asOf) and run again`);
    }
    asOfWarning = `${what}; this preview judges expiry on that day, and a deploy would refuse it`;
  }
  return { asOf, allowEmpty: raw.allowEmpty === "true", ...(asOfWarning && { asOfWarning }) };
}
