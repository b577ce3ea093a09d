// Generated from the JSON Schema by `npm run gen:types`. Do not edit.

/**
 * The parts of a Pulumi stack settings file (Pulumi.<stack>.yaml) that guestops reads. validate and plan judge expiry with guestops:asOf when it is set, exactly as the program does, and every change to this file is shown to reviewers as a policy change.
 */
export interface PulumiStackFile {
config?: PulumiConfig
}
/**
 * Stack configuration, `namespace:key` to value.
 */
export interface PulumiConfig {
/**
 * The day expiry is judged against, YYYY-MM-DD; default today (UTC). A deploy refuses a date more than one day from today; set it only to reproduce a past preview.
 */
"guestops:asOf"?: string
/**
 * Deploy even when no guest is declared, which removes every guest's access. Default false.
 */
"guestops:allowEmpty"?: ("true" | "false" | true | false)
}
