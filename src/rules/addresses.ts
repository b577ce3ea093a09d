// What the B2B invitation API accepts as an address, and what a reviewer could be fooled by.
import { domainToUnicode } from "node:url";
import { splitAddress } from "../model/address";


// Characters the invitation API refuses in an address (Microsoft Graph invitation manager docs), and white space.
const REFUSED = /[+~!#$%^&*()=[\]{}\\/|;:"<>?,]|\s/;
// Printable ASCII: the common case, which needs no character-by-character look.
const PLAIN_ASCII = /^[\x20-\x7e]*$/;

/** Why the invitation API would refuse this address, or undefined when it is acceptable. */
export function invitationAddressProblem(email: string): string | undefined {
  const parts = splitAddress(email);
  if (!parts) return "must contain exactly one @ with text on both sides, like ana.silva@fabrikam.com";
  const { local, domain } = parts;
  const ch = REFUSED.exec(email)?.[0];
  if (ch !== undefined) {
    if (/\s/.test(ch)) return "contains white space; remove it";
    return `contains ${ch === '"' ? `'"'` : `"${ch}"`}, which the invitation API refuses; ask the guest for an address without it`;
  }
  if (/^[.-]|[.-]$/.test(local)) return `has local part "${local}", which may not start or end with "." or "-" (the invitation API refuses it); check the address with the guest`;
  if (local.includes("..")) return `has local part "${local}", which may not contain ".."; check the address with the guest`;
  if (local.length > 64) return `has a local part of ${local.length} characters; the limit is 64, so check the address with the guest`;
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/.test(domain)) {
    return `has domain "${domain}", which is not a valid domain name like fabrikam.com; check the spelling`;
  }
  return undefined;
}

/** Non-ASCII, invisible or mixed-script text in an address: a homoglyph could pass review unnoticed. */
export function lookalikeProblem(email: string): string | undefined {
  if (PLAIN_ASCII.test(email) && !email.includes("xn--")) return undefined;
  let index = 0;
  for (const ch of email) {
    index++;
    const code = ch.codePointAt(0)!;
    if (code > 0x7e || code < 0x20) {
      const hex = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
      const kind = isInvisible(ch) ? `an invisible or control character (${hex})` : `a ${scriptOf(ch)} character "${ch}" (${hex})`;
      return `contains ${kind} at position ${index}; addresses must be plain ASCII, so retype it`;
    }
  }
  const domain = splitAddress(email)?.domain;
  if (domain && domain.split(".").some((l) => l.startsWith("xn--"))) {
    const shown = domainToUnicode(domain);
    // Node 20 and 22 answer "" for a label that does not decode; Node 24 hands the label back unchanged.
    if (shown === "" || shown.split(".").some((l) => l.startsWith("xn--"))) return `domain "${domain}" is not a valid internationalised (punycode) name; only plain ASCII domains are accepted`;
    const scripts = new Set([...shown].filter((c) => c !== "." && c !== "-" && !/[0-9]/.test(c)).map(scriptOf));
    if (scripts.size > 1) {
      return `domain "${domain}" is an internationalised name shown as "${shown}", mixing ${[...scripts].join(" and ")} scripts, a common homoglyph trick; confirm the partner's real domain`;
    }
    return `domain "${domain}" is an internationalised name shown as "${shown}"; only plain ASCII domains are accepted`;
  }
  return undefined;
}

const SCRIPTS: [string, RegExp][] = [
  ["Latin", /\p{Script=Latin}/u],
  ["Cyrillic", /\p{Script=Cyrillic}/u],
  ["Greek", /\p{Script=Greek}/u],
  ["Armenian", /\p{Script=Armenian}/u],
  ["Arabic", /\p{Script=Arabic}/u],
  ["Hebrew", /\p{Script=Hebrew}/u],
  ["Han", /\p{Script=Han}/u],
  ["Cherokee", /\p{Script=Cherokee}/u],
];

function scriptOf(ch: string): string {
  return SCRIPTS.find(([, re]) => re.test(ch))?.[0] ?? "non-Latin";
}

function isInvisible(ch: string): boolean {
  return /\p{Cf}|\p{Cc}|\p{Z}/u.test(ch);
}
