// The names that the shipped pipelines, the docs and the code must agree on, written once: the
// environments and service connections the deploy and read identities trust, the repository variables
// the workflows read, the app registrations the docs create, and the Git refs the records live under.
// test/pipelines/names.test.ts scans every workflow, Azure pipeline and doc for names of these kinds
// and fails on any that is not here, and on any name here that nothing uses.
import { DEPLOY_TAG_PREFIX } from "../git/deploy-records";
import { APPROVALS_NOTES_REF } from "../git/read-history";
import { FORM_LABEL, FORM_PATH, REQUEST_BRANCH_PREFIX } from "../requests/issue-form";
import { RENEWAL_BRANCH_PREFIX } from "../renewals/open-pulls";

export const PIPELINE_NAMES = {
  /** GitHub and Azure DevOps environments. An identity's federated credential names its environment. */
  environments: {
    production: "deployments; the deploy identity trusts only this environment, limited to main",
    preview: "read-only jobs (pulumi preview on pull requests, drift); the read identity trusts it",
    "mass-removal": "a run that lifts the mass-removal guard (GitHub's allow_mass_removal, Azure's allowMassRemoval) waits here for a stack owner; no secret, no identity",
  },
  /** Repository (or environment) variables of GitHub, read as vars.NAME. Identifiers, not secrets. */
  repositoryVariables: {
    GUESTOPS_CLIENT_ID: "the deploy identity's client id",
    GUESTOPS_PREVIEW_CLIENT_ID: "the read identity's client id",
    GUESTOPS_TENANT_ID: "the tenant's id",
    PULUMI_BACKEND_URL: "the Pulumi state backend, such as azblob://pulumi-state?storage_account=...",
    GUESTOPS_PR_APP_ID: "the pull-request app's id: the GitHub App whose installation token opens request and renewal pull requests, so that the approval gate runs on them (its private key is the secret GUESTOPS_PR_APP_KEY)",
  },
  /** Repository secrets of GitHub, read as secrets.NAME. */
  secrets: {
    GUESTOPS_PR_APP_KEY: "the pull-request app's private key (with GUESTOPS_PR_APP_ID)",
  },
  /** Azure DevOps service connections (workload identity federation), one per identity. */
  serviceConnections: {
    "guestops-production": "the deploy identity: the Deploy stage's pulumi up",
    "guestops-preview": "the read identity: the deployment's status read and the drift pipeline",
  },
  /** App registrations that the docs create, one per identity. */
  appRegistrations: {
    "guestops-prod": "the deploy identity (Graph writes)",
    "guestops-preview": "the read identity (Graph reads)",
    "guestops-policy": "the tenant policy's identity (Policy.ReadWrite.* writes, a stack of its own)",
  },
  /** Each deployment's annotated tag: <prefix>/<stack>/<UTC time>, never moved. */
  deployTagPrefix: DEPLOY_TAG_PREFIX,
  /** The branches of the scheduled renewal pull requests: <prefix><sponsor>. */
  renewalBranchPrefix: RENEWAL_BRANCH_PREFIX,
  /** The notes ref that holds each merged pull request's approvals. */
  approvalsNotesRef: APPROVALS_NOTES_REF,
  /** The guest access issue form, the label it puts on each request, and each request's branch: <prefix><issue>. */
  requests: { form: FORM_PATH, label: FORM_LABEL, branchPrefix: REQUEST_BRANCH_PREFIX },
} as const;
