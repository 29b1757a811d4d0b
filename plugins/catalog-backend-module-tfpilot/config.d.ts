import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  tfpilot?: {
    catalog?: {
      /**
       * Directory of platform modules, relative to the backend's working
       * directory: a module folder (with a tfpilot.yaml), or a folder of
       * module folders. Default `modules`; when it does not exist nothing is
       * published from it (with a warning only if it was set here).
       */
      modulesDir?: string;
      /**
       * Web address of modulesDir in version control, e.g.
       * `https://github.com/acme/platform/tree/main/modules`. Local modules
       * then link to their source there; otherwise their source location is
       * a `file:` path.
       */
      modulesUrl?: string;
      /**
       * Directory of hand-written preset Templates (`*.yaml`, `*.yml`),
       * relative to the backend's working directory. Default `templates`.
       * Each must be a `scaffolder.backstage.io/v1beta3` Template annotated
       * with the `tfpilot/module` it requests.
       */
      templatesDir?: string;
      /**
       * Modules in repositories, read through Backstage's URL reader (so the
       * `integrations` config gives the credentials).
       */
      sources?: Array<{
        /**
         * A module folder, or a folder of module folders, usually at a
         * version tag, e.g.
         * `https://github.com/acme/modules/tree/v1.4.0/modules`.
         */
        url: string;
        /**
         * tfpilot.yaml fields for this source's modules: defaults under each
         * module's own tfpilot.yaml, or, with `name`, the metadata of a
         * module that has no tfpilot.yaml (a third-party module).
         */
        metadata?: {
          name?: string;
          version?: string;
          title?: string;
          description?: string;
          owner?: string;
          lifecycle?: string;
          environments?: string[];
          tags?: string[];
        };
      }>;
      /**
       * How often modules and templates are read again. Default: every 30
       * minutes, with a 10 minute timeout.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** The scaffolder Template generated for each module. */
      templates?: {
        /** Generate a Template per module. Default true. */
        enabled?: boolean;
        /**
         * After creating the request, wait (`tfpilot:request:wait`) until
         * it is awaiting approval, its plan failed or it was rejected.
         * Default true.
         */
        waitForPlan?: boolean;
        /** How long the wait step waits, in minutes (at most 1440). Default 30. */
        waitTimeoutMinutes?: number;
        /**
         * The field that picks the entity a request serves:
         * `EntityPicker` (default) or `OwnedEntityPicker` (only entities the
         * user owns).
         */
        entityPicker?: 'EntityPicker' | 'OwnedEntityPicker';
        /** Kinds of the entities a request can serve. Default Component and System. */
        entityKinds?: string[];
      };
    };
  };
}
