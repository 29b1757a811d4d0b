import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

// Serves the built frontend in production (`yarn build` + one process on :7007).
backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// Sign-in: guest in the embedded default; add real providers in production.
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
// Development only: sign in as the demo users of examples/org.yaml (Viewer,
// Developer, Approver) for the browser tests; inert without
// `auth.providers.development` and outside NODE_ENV=development.
backend.add(import('./modules/developmentUsers'));

// Software catalog, with the platform's Terraform modules published by TfPilot.
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
backend.add(import('@tfpilot/backstage-plugin-catalog-backend-module-tfpilot'));

// Software templates, with the tfpilot:* actions.
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);
backend.add(
  import('@tfpilot/backstage-plugin-scaffolder-backend-module-tfpilot'),
);

// Permissions decided by the TfPilot role policy (Viewer/Developer/Approver/Admin).
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@tfpilot/backstage-plugin-permission-backend-module-tfpilot'),
);

// TfPilot itself, and the GitHub Actions executor (used when selected in config).
backend.add(import('@tfpilot/backstage-plugin-tfpilot-backend'));
backend.add(import('@tfpilot/backstage-plugin-tfpilot-backend-module-github'));

backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

backend.start();
