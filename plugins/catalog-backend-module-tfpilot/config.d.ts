import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  tfpilot?: {
    catalog?: {
      /**
       * Directory holding one folder per platform module (each with a
       * tfpilot.yaml), relative to the backend's working directory.
       */
      modulesDir?: string;
      /** How often modules are re-read; every 30 minutes by default. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
  };
}
