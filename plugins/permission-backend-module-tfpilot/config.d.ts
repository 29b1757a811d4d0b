export interface Config {
  tfpilot?: {
    /** Role-based access to TfPilot. */
    rbac?: {
      /**
       * Users and groups (entity refs such as `group:default/platform` or
       * `user:default/jane`) per role. Roles are cumulative: Developer includes
       * Viewer, Approver includes Developer, Admin includes everything.
       */
      roles?: {
        viewer?: string[];
        developer?: string[];
        approver?: string[];
        admin?: string[];
      };
    };
  };
}
