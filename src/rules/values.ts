// Reading possibly malformed values in rules: the schema reports what is wrong; rules use what is right.

export function lower(list: readonly string[]): string[] {
  return list.map((d) => d.toLowerCase());
}

export function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

export function isPlainMap(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The domain after an address's last `@`, in lower case; undefined without one. */
export function domainOf(address: string): string | undefined {
  const at = address.lastIndexOf("@");
  return at < 0 ? undefined : address.slice(at + 1).toLowerCase();
}

/** A limit in days as the schema allows it; an invalid one is reported by the schema, not applied. */
export function isLimit(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 1;
}
