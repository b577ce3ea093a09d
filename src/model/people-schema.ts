// Generated from the JSON Schema by `npm run gen:types`. Do not edit.

/**
 * people.yaml at the repository root, shared by every stack: each owner's address and their logins on the code hosts, so that the approval gate can tell whose review is whose.
 */
export interface PeopleFile {
/**
 * One entry per person who owns a stack, a group or an app.
 */
people: Person[]
}
export interface Person {
/**
 * The address used as an owner in stack files.
 */
email: string
/**
 * GitHub login (the user.login of their reviews).
 */
github?: string
/**
 * Azure DevOps uniqueName (usually the sign-in address) of their reviewer entries.
 */
azureDevOps?: string
}
