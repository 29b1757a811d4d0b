export interface Config {
  tfpilot?: {
    executor?: {
      /**
       * Settings of the GitHub Actions executor (`type: github`). It
       * authenticates with the `integrations.github` entry of `host` (a token
       * or a GitHub App).
       */
      github?: {
        /** Host of the GitHub integration to use; defaults to github.com. */
        host?: string;
        /** Owner (organisation or user) of the infrastructure repository. */
        owner: string;
        /** Infrastructure repository that receives request branches and pull requests. */
        repo: string;
        /** Branch pull requests target; defaults to `main`. */
        baseBranch?: string;
        /** Workflow file names, relative to `.github/workflows`. */
        workflows?: {
          plan?: string;
          apply?: string;
          destroy?: string;
          drift?: string;
          cleanup?: string;
        };
        /**
         * Secret of the repository webhook that posts to
         * `/api/tfpilot/webhooks/github`; deliveries are verified against it
         * (`X-Hub-Signature-256`). Without it every delivery is refused and
         * results arrive only through the reconciler.
         * @visibility secret
         */
        webhookSecret?: string;
        /** Binary the workflows run: `tofu` (default) or `terraform`. */
        tool?: 'tofu' | 'terraform';
        /** Exact version of the tool, such as 1.12.6; the workflows' default when unset. */
        toolVersion?: string;
        /**
         * Module source written in each request's main.tf.json, with `{name}`
         * and `{version}` (also `{host}`, `{owner}`, `{repo}`). Defaults to
         * `git::https://{host}/{owner}/{repo}.git//modules/{name}?ref={name}/v{version}`.
         * Without `{version}` (a registry address) the version goes in the
         * module's `version` attribute.
         */
        moduleSource?: string;
        /**
         * The `backend` block of each request's main.tf.json. String values
         * may use `{environment}`, `{requestId}` and `{module}`, e.g.
         * `key: tfpilot/{environment}/{requestId}.tfstate`. Leave out to let
         * the workflows configure state.
         */
        stateBackend?: {
          /** Terraform backend type, e.g. `s3`, `gcs`, `azurerm`. */
          type: string;
          /** Backend settings; no credentials (the workflows provide them). */
          config?: { [key: string]: unknown };
        };
        /** The fallback that polls runs whose webhook never arrived. */
        reconcile?: {
          /** Runs younger than this are left to their webhook; defaults to 60. */
          minAgeSeconds?: number;
        };
      };
    };
  };
}
