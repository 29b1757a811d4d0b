export interface Config {
  tfpilot?: {
    /**
     * Role-based access to TfPilot, decided by
     * `@tfpilot/backstage-plugin-permission-backend-module-tfpilot`.
     * Promotion rules also read `tfpilot.environments` (order and the
     * `production` flag), declared by the TfPilot backend plugin.
     */
    rbac?: {
      /**
       * Users and groups (entity refs such as `group:default/platform` or
       * `user:default/jane`) per role. Roles are cumulative: Developer includes
       * Viewer, Approver includes Developer, Admin includes everything.
       * A user holds a role through their own ref, a group they are a member
       * of, or any parent of such a group (read from the catalog).
       */
      roles?: {
        /** Read requests, their events, the lifecycle log and metrics. */
        viewer?: string[];
        /**
         * Also create requests, plan and cancel their own, and promote any
         * request whose next environment is not production.
         */
        developer?: string[];
        /**
         * Also plan, cancel and promote any request, approve and apply.
         */
        approver?: string[];
        /**
         * Everything, including destroy, drift checks and administration
         * (`tfpilot.admin`: reindex, policy bypass).
         */
        admin?: string[];
      };
      /**
       * Separation of duties: nobody (not even an Admin) approves or applies a
       * request they own. Default false.
       */
      separationOfDuties?: boolean;
      /**
       * What happens to permissions of other plugins (catalog, scaffolder,
       * ...), which this policy does not own:
       * `allow` (everyone, like the allow-all policy), `deny` (nobody), or
       * `delegate` (to the policy another permission module sets through
       * `tfpilotPermissionPolicyExtensionPoint`). When absent: `delegate` if
       * a delegate is installed, otherwise `allow`, with a start-up warning.
       */
      otherPermissions?: 'allow' | 'deny' | 'delegate';
      /**
       * Seconds a user's group membership, read from the catalog, is reused.
       * Default 30; 0 reads the catalog on every decision.
       */
      membershipCacheSeconds?: number;
    };
  };
}
