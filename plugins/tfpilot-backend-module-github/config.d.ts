export interface Config {
  tfpilot?: {
    executor?: {
      /** Settings of the GitHub Actions executor (`type: github`). */
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
      };
    };
  };
}
