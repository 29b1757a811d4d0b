import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';

/** The provider id: `GET /api/auth/development/refresh`. */
export const DEVELOPMENT_USERS_PROVIDER_ID = 'development';
/** The header naming the user to sign in as. */
export const DEVELOPMENT_USER_HEADER = 'x-tfpilot-development-user';

/** Answered with 403 by Backstage's error handler (matched by name). */
function notAllowed(message: string): Error {
  const error = new Error(message);
  error.name = 'NotAllowedError';
  return error;
}

interface Context {
  /** Why sign-in is refused, or undefined when it is on. */
  disabled?: string;
  users: Set<string>;
}

/** Whether this provider may sign anyone in, by the same rule as Backstage's guest provider. */
export function readDevelopmentUsers(
  config: Config,
  nodeEnv: string | undefined,
): Context {
  const users = new Set(
    (config.getOptionalStringArray('users') ?? []).map(ref =>
      ref.toLocaleLowerCase('en-US'),
    ),
  );
  if (
    nodeEnv !== 'development' &&
    config.getOptionalBoolean('dangerouslyAllowOutsideDevelopment') !== true
  ) {
    return {
      users,
      disabled:
        'development sign-in works only in development (NODE_ENV=development)',
    };
  }
  return { users };
}

/**
 * Signs in as one of the catalog users listed in config, named by a header:
 * what the browser tests use to see the portal as a Viewer, a Developer and
 * an Approver. A development aid like the guest provider, and refused
 * outside development in the same way.
 */
export const developmentUsersAuthenticator = createProxyAuthenticator<
  Context,
  { userEntityRef: string },
  undefined
>({
  defaultProfileTransform: async result => ({
    profile: { displayName: result.userEntityRef },
  }),
  initialize({ config }) {
    return readDevelopmentUsers(config, process.env.NODE_ENV);
  },
  async authenticate({ req }, context) {
    if (context.disabled) throw notAllowed(context.disabled);
    const requested = req.header(DEVELOPMENT_USER_HEADER)?.trim() ?? '';
    const userEntityRef = requested.toLocaleLowerCase('en-US');
    if (!context.users.has(userEntityRef)) {
      throw notAllowed(
        `${JSON.stringify(
          requested,
        )} is not one of auth.providers.${DEVELOPMENT_USERS_PROVIDER_ID}.users`,
      );
    }
    return { result: { userEntityRef } };
  },
});

/**
 * Auth module registering the `development` sign-in provider. Inert unless
 * `auth.providers.development.users` is configured, and then only in
 * development. See docs/development.md ("Signing in as other users").
 */
export default createBackendModule({
  pluginId: 'auth',
  moduleId: 'development-users-provider',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ providers, config }) {
        if (!config.has(`auth.providers.${DEVELOPMENT_USERS_PROVIDER_ID}`)) {
          return;
        }
        providers.registerProvider({
          providerId: DEVELOPMENT_USERS_PROVIDER_ID,
          factory: createProxyAuthProviderFactory({
            authenticator: developmentUsersAuthenticator,
            // The user must exist in the catalog: its groups decide its role.
            signInResolver: async ({ result }, ctx) =>
              ctx.signInWithCatalogUser({ entityRef: result.userEntityRef }),
          }),
        });
      },
    });
  },
});
