// How far ahead a guest's access may run: policy.maxExpiryDays, and more tightly a group's or app's own
// maxExpiryDays. expiryWithinPolicy judges entries by these limits, and the renewal term is cut to them.
import type { StackFile } from "../model/stack-schema";
import { isLimit, isPlainMap, stringList } from "./values";

/** The renewal term when policy.renewalDays does not set one: a quarter, so sponsors confirm four times a year. */
export const DEFAULT_RENEWAL_DAYS = 90;

export type ExpiryLimit = readonly [days: number, what: string];

/** Every limit that applies to an entry with these grants (as written: malformed values are skipped), tightest first. */
export function expiryLimits(stack: Partial<StackFile>, groups: unknown, apps: unknown): ExpiryLimit[] {
  const limits: ExpiryLimit[] = [];
  const policyMax = stack.policy?.maxExpiryDays;
  if (isLimit(policyMax)) limits.push([policyMax, "the stack's policy.maxExpiryDays"]);
  for (const g of stringList(groups)) {
    const max = catalogEntry(stack.groups, g)?.maxExpiryDays;
    if (isLimit(max)) limits.push([max, `group "${g}"`]);
  }
  for (const grant of Array.isArray(apps) ? apps : []) {
    const app = isPlainMap(grant) && typeof grant.app === "string" ? grant.app : undefined;
    const max = app !== undefined ? catalogEntry(stack.apps, app)?.maxExpiryDays : undefined;
    if (isLimit(max)) limits.push([max, `app "${app}"`]);
  }
  return limits.sort((a, b) => a[0] - b[0]);
}

export interface RenewalTerm {
  days: number;
  /** What set it: policy.renewalDays, the default, or the limit that cut it shorter. */
  by: string;
}

/** The days a renewal gives a guest with these grants: policy.renewalDays (default 90), cut to the tightest limit. */
export function renewalTermOf(stack: Partial<StackFile>, groups: unknown, apps: unknown): RenewalTerm {
  const set = stack.policy?.renewalDays;
  const wanted: RenewalTerm = isLimit(set) ? { days: set, by: "policy.renewalDays" } : { days: DEFAULT_RENEWAL_DAYS, by: `the default of ${DEFAULT_RENEWAL_DAYS} days` };
  const tightest = expiryLimits(stack, groups, apps)[0];
  return tightest && tightest[0] < wanted.days ? { days: tightest[0], by: tightest[1] } : wanted;
}

export function catalogEntry<T>(catalog: Record<string, T> | undefined, key: string): Partial<NonNullable<T>> | undefined {
  if (!isPlainMap(catalog) || !Object.hasOwn(catalog, key)) return undefined;
  const entry = catalog[key];
  return isPlainMap(entry) ? (entry as Partial<NonNullable<T>>) : undefined;
}
