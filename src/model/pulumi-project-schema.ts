// Generated from the JSON Schema by `npm run gen:types`. Do not edit.

/**
 * The parts of Pulumi.yaml, the Pulumi project file at the repository root, that guestops reads. Every change to it is shown to reviewers as a policy change. Pulumi's other keys are allowed and compared too.
 */
export interface PulumiProjectFile {
/**
 * The project name, which every resource's URN carries: changing it replaces every resource.
 */
name?: string
description?: string
/**
 * The language runtime, and its options (nodeargs, typescript, packagemanager, ...): they decide what code runs at deploy.
 */
runtime?: (string | {
name?: string
options?: {

}
})
/**
 * The program Pulumi runs, relative to this file: inside the repository (the shipped src/pulumi/main.js) or its node_modules/guestops; never an absolute path or a path out of the repository.
 */
main?: string
/**
 * Where Pulumi reads Pulumi.<stack>.yaml. guestops reads it at the repository root, beside this file, so only the root (".") is allowed.
 */
stackConfigDir?: string
/**
 * Project-wide configuration: defaults for every stack's config. guestops: keys belong in Pulumi.<stack>.yaml, where plan and validate read them.
 */
config?: {

}
}
