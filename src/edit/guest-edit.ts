// One edit of the guest files, as the editing commands (add, renew, review, remove), an issue-form
// request and a renewal run ask for it. src/edit applies it with the one minimal-diff YAML editor.

export interface AppGrantRequest {
  app: string;
  /** A role from the catalog; absent means default access. */
  role?: string;
}

export type GuestEdit =
  | {
      action: "add";
      email: string;
      displayName: string;
      expires: string;
      justification: string;
      groups: string[];
      apps: AppGrantRequest[];
      sponsor?: string;
      /** The partner name for a domain no partner file holds yet: a new partner file, a policy change. */
      partner?: string;
    }
  /** Sets `expires` to `until` and `reviewed` to the day; a new justification replaces the old one. */
  | { action: "renew"; emails: string[]; until: string; justification?: string }
  /** Sets `reviewed` to `on`; without it, to the day of the edit. */
  | { action: "review"; emails: string[]; on?: string }
  | { action: "remove"; emails: string[] }
  /**
   * Undoes a branch's renewal (`renew --drop`): each entry is put back byte for byte as the base holds it,
   * so a sponsor drops a guest from a renewal pull request and the guest's access lapses as it would have.
   */
  | { action: "drop"; emails: string[] };
