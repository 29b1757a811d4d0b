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
      /**
       * When every applied request is checked for drift: a cron expression
       * (default `0 3 * * *`, nightly), or a full schedule definition.
       * Runs once across backend instances unless `scope: local` is given.
       */
      schedule?: string | SchedulerServiceTaskScheduleDefinitionConfig;
    };
    /**
     * Notifications of request events: in-app (Backstage notifications),
     * email (SMTP) and Slack, routed by event, environment and the owner's
     * groups. Without this block: in-app only, to the owner for their
     * request's outcomes and to the approvers (`rbac.roles.approver`) when a
     * plan waits for approval. See docs/notifications.md.
     */
    notifications?: {
      /** Turns every notification off (live-update signals stay). Default true. */
      enabled?: boolean;
      /**
       * Keep the built-in routes (in-app to owner and approvers) next to
       * `routes`. Default true; false leaves only `routes`.
       */
      defaultRoutes?: boolean;
      /** Sending email through an SMTP server; needed by routes using `email`. */
      email?: {
        /** Sender address, e.g. `tfpilot@example.com`. */
        from: string;
        /** Where replies go, e.g. the platform team's list. */
        replyTo?: string;
        smtp: {
          host: string;
          /** Default 465 when `secure`, else 587. */
          port?: number;
          /** TLS from the start (port 465). Default: true on port 465. */
          secure?: boolean;
          /** Refuse to send unless the server offers STARTTLS. Default false. */
          requireTLS?: boolean;
          auth?: {
            user: string;
            /** @visibility secret */
            pass: string;
          };
        };
      };
      /**
       * Posting to Slack; needed by routes using `slack`. A bot token (scope
       * `chat:write`) lets each route choose its channel; an incoming webhook
       * always posts to its own channel.
       */
      slack?: {
        /**
         * Bot token (`xoxb-…`) for `chat.postMessage`.
         * @visibility secret
         */
        token?: string;
        /**
         * Incoming webhook URL, used when no token is set.
         * @visibility secret
         */
        webhookUrl?: string;
        /** Channel of routes that name none, e.g. `#infra` or a channel id. */
        defaultChannel?: string;
        /** Slack Web API base URL. Default `https://slack.com/api`. */
        apiBaseUrl?: string;
      };
      /**
       * Who hears about what, and how. Every matching route is used; a
       * revision reaches each recipient once per channel however many
       * routes name them.
       */
      routes?: Array<{
        /** Default: all of them. */
        events?: Array<
          | 'rejected'
          | 'plan_failed'
          | 'approval_required'
          | 'applied'
          | 'apply_failed'
          | 'destroyed'
          | 'destroy_failed'
          | 'drift_detected'
        >;
        /** Only requests in these environments. Default: any. */
        environments?: string[];
        /**
         * Only requests whose owner is in one of these groups (directly or
         * through a sub-group), e.g. `group:default/team-a`. Default: any.
         */
        ownerGroups?: string[];
        /**
         * `owner` (the request's owner), `approvers` (`rbac.roles.approver`),
         * and user or group refs; groups are expanded to their members for
         * email. Default `[owner]`.
         */
        notify?: string[];
        /** Fixed addresses (e.g. a team list) that get the email too. */
        emails?: string[];
        /** Default `[inApp]`. */
        channels?: Array<'inApp' | 'email' | 'slack'>;
        /** Slack channel of this route; default `slack.defaultChannel`. */
        slackChannel?: string;
      }>;
      /** Failed deliveries are retried with exponential backoff. */
      retry?: {
        /** Tries per delivery, the first included. Default 4. */
        attempts?: number;
        /** Wait before the first retry, doubled each time. Default 1000. */
        backoffMs?: number;
        /** Longest wait, also for a server's Retry-After. Default 60000. */
        maxBackoffMs?: number;
      };
    };
    ai?: {
      enabled?: boolean;
    };
  };
}
