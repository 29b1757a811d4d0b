import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** TfPilot: self-service Terraform / OpenTofu. */
  tfpilot?: {
    /** Where requests, lifecycle logs and run artifacts are kept (system of record). */
    storage?: {
      /** `local` (a directory; the embedded default) or `s3`. */
      type?: 'local' | 's3';
      local?: {
        /** Directory of the local object store, relative to the backend's working directory. */
        dir?: string;
        /** Flush every object to disk before acknowledging it (slower; survives power loss). Default false. */
        fsync?: boolean;
      };
      s3?: {
        bucket: string;
        /** Key prefix inside the bucket. */
        prefix?: string;
        region?: string;
        /** Endpoint of an S3-compatible server (MinIO, Ceph, ...). */
        endpoint?: string;
        forcePathStyle?: boolean;
        /** @visibility secret */
        accessKeyId?: string;
        /** @visibility secret */
        secretAccessKey?: string;
      };
    };
    /** Where Terraform runs. Backstage itself never runs it. */
    executor?: {
      /** `local` (built in), `github` (tfpilot-backend-module-github), `kubernetes`. */
      type?: string;
      local?: {
        /** Per-request working directories and local state of the local executor. */
        workDir?: string;
      };
    };
    /** Environments requests can target, in promotion order. */
    environments?: Array<{
      name: string;
      /** Production environments get the stricter post-plan policies. */
      production?: boolean;
    }>;
    /** The safety net for lost webhooks: runs in flight are checked with the executor. */
    reconcile?: {
      /** Default: every 2 minutes, first 15 s after start-up, once across instances. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
    metrics?: {
      /** How old GET /metrics figures may be, in seconds (default 2). */
      maxAgeSeconds?: number;
    };
    drift?: {
      /** Cron expression of the nightly drift sweep. */
      schedule?: string;
    };
    notifications?: {
      [channel: string]: unknown;
    };
    ai?: {
      enabled?: boolean;
    };
  };
}
