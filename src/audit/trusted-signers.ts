// Which signatures prove that a commit merged through the code host: a good signature by a key the
// auditor names (GitHub's web-flow key, for merges made on github.com). Only the auditor's list counts,
// never a file in the repository, which a pull request could change to trust its own key.
import type { CommitSignature } from "../git/parse-history";

/**
 * git's verdicts that are a good signature: G, and U (good, though gpg's web of trust does not vouch for
 * the key: the auditor's list does). X and Y are good signatures whose signature or key has since expired,
 * as GitHub's older web-flow key has; R (revoked), B (bad), E (cannot check) and N (none) prove nothing.
 */
const GOOD = new Set(["G", "U", "X", "Y"]);

/** A signer as given: a GPG fingerprint (40 or 64 hex digits, spaces allowed) or an SSH key's SHA256:... fingerprint. */
export function parseTrustedSigner(value: string): string | undefined {
  const hex = value.replace(/\s+/g, "");
  if (/^(?:[0-9a-fA-F]{40}|[0-9a-fA-F]{64})$/.test(hex)) return hex.toUpperCase();
  if (/^SHA256:[A-Za-z0-9+/]{43}=?$/.test(value.trim())) return value.trim().replace(/=$/, "");
  return undefined;
}

/** The trusted signer whose good signature `signature` is, if any: the signing key or its primary key. */
export function trustedSignerOf(signature: CommitSignature | undefined, trusted: ReadonlySet<string>): string | undefined {
  if (!signature || !GOOD.has(signature.status)) return undefined;
  for (const key of [signature.fingerprint, signature.primary]) {
    const known = key === "" ? undefined : parseTrustedSigner(key);
    if (known !== undefined && trusted.has(known)) return known;
  }
  return undefined;
}
