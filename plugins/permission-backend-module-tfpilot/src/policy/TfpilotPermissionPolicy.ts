import {
  AuthService,
  BackstageCredentials,
  BackstageUserPrincipal,
  LoggerService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  AuthorizeResult,
  isResourcePermission,
  Permission,
  PermissionCriteria,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { TFPILOT_REQUEST_RESOURCE_TYPE } from '@tfpilot/backstage-plugin-tfpilot-common';
import {
  developerPromotionSources,
  OtherPermissions,
  readPromotionEnvironments,
  readTfpilotRbacConfig,
} from '../config';
import {
  CatalogMembershipResolver,
  MembershipResolver,
  TfpilotMembership,
} from '../membership/CatalogMembershipResolver';
import {
  conditionalOnRequest,
  isInEnvironment,
  isRequestOwner,
  TfpilotRequestCondition,
} from './conditions';
import {
  grantOf,
  highestRole,
  isTfpilotNamespace,
  Role,
  RoleMembers,
  ROLES,
  SEPARATED_DUTIES,
} from './roles';

const ALLOW: PolicyDecision = { result: AuthorizeResult.ALLOW };
const DENY: PolicyDecision = { result: AuthorizeResult.DENY };

function isUserCredentials(
  credentials: BackstageCredentials,
): credentials is BackstageCredentials<BackstageUserPrincipal> {
  const principal = credentials.principal as Partial<BackstageUserPrincipal>;
  return (
    principal?.type === 'user' && typeof principal.userEntityRef === 'string'
  );
}

/**
 * Options of {@link TfpilotPermissionPolicy}, already read and checked.
 *
 * @public
 */
export interface TfpilotPermissionPolicyOptions {
  members: RoleMembers;
  separationOfDuties: boolean;
  /** Environments a Developer may promote requests from. */
  developerPromotionSources: string[];
  membership: MembershipResolver;
  otherPermissions: OtherPermissions;
  /** Required when `otherPermissions` is `delegate`. */
  delegate?: PermissionPolicy;
}

/**
 * Decides TfPilot permissions (`tfpilot.*`) from the user's role: Viewer,
 * Developer, Approver, Admin, held through the user's ref or any of their
 * groups (with parents, from the catalog). Permissions of other plugins are
 * allowed, denied or delegated as `otherPermissions` says.
 *
 * @public
 */
export class TfpilotPermissionPolicy implements PermissionPolicy {
  readonly #members: RoleMembers;
  readonly #separationOfDuties: boolean;
  readonly #promotionSources: string[];
  readonly #membership: MembershipResolver;
  readonly #other: PermissionPolicy['handle'];

  constructor(options: TfpilotPermissionPolicyOptions) {
    if (options.otherPermissions === 'delegate' && !options.delegate) {
      throw new Error(
        'TfpilotPermissionPolicy: otherPermissions is "delegate" but no delegate policy was given',
      );
    }
    this.#members = options.members;
    this.#separationOfDuties = options.separationOfDuties;
    this.#promotionSources = [...options.developerPromotionSources];
    this.#membership = options.membership;
    const delegate = options.delegate;
    if (options.otherPermissions === 'delegate' && delegate) {
      this.#other = (request, user) => delegate.handle(request, user);
    } else {
      const fixed = options.otherPermissions === 'allow' ? ALLOW : DENY;
      this.#other = async () => fixed;
    }
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (!isTfpilotNamespace(request.permission.name)) {
      return this.#other(request, user);
    }
    if (!user || !isUserCredentials(user.credentials)) {
      return DENY;
    }
    const membership = await this.#membership.resolve(user.credentials);
    const role = highestRole(this.#members, membership.membershipRefs);
    return this.#decide(request.permission, role, membership);
  }

  /** The role a user holds, e.g. for diagnostics. */
  async roleOf(
    credentials: BackstageCredentials<BackstageUserPrincipal>,
  ): Promise<Role | undefined> {
    const membership = await this.#membership.resolve(credentials);
    return highestRole(this.#members, membership.membershipRefs);
  }

  #decide(
    permission: Permission,
    role: Role | undefined,
    membership: TfpilotMembership,
  ): PolicyDecision {
    const grant = grantOf(role, permission.name);
    const separated =
      this.#separationOfDuties && SEPARATED_DUTIES.includes(permission.name);
    if (grant === 'deny') {
      return DENY;
    }
    if (grant === 'allow' && !separated) {
      return ALLOW;
    }
    // Conditions only make sense on a request; anything else is refused.
    if (!isResourcePermission(permission, TFPILOT_REQUEST_RESOURCE_TYPE)) {
      return DENY;
    }
    const claims = membership.ownershipEntityRefs;
    const criteria: PermissionCriteria<TfpilotRequestCondition>[] = [];
    if (grant === 'own') {
      criteria.push(isRequestOwner(claims));
    } else if (grant === 'beforeNonProduction') {
      if (this.#promotionSources.length === 0) {
        return DENY;
      }
      criteria.push(isInEnvironment(this.#promotionSources));
    }
    if (separated) {
      criteria.push({ not: isRequestOwner(claims) });
    }
    const [first, ...rest] = criteria;
    return conditionalOnRequest(
      permission,
      rest.length === 0 ? first : { allOf: [first, ...rest] },
    );
  }
}

/**
 * Options of {@link createTfpilotPermissionPolicy}.
 *
 * @public
 */
export interface CreateTfpilotPermissionPolicyOptions {
  config: Config;
  logger: LoggerService;
  userInfo: UserInfoService;
  auth: AuthService;
  catalog: CatalogService;
  /**
   * The policy that decides permissions of other plugins, typically the one
   * the app had before TfPilot.
   */
  delegate?: PermissionPolicy;
  /** A name for the delegate in the start-up log; defaults to its class name. */
  delegateName?: string;
}

/**
 * Which setting applies to other plugins' permissions: the configured one,
 * else `delegate` when a delegate is given, else `allow` (the allow-all
 * behaviour of a new Backstage app), reported as a warning.
 */
function resolveOtherPermissions(
  configured: OtherPermissions | undefined,
  hasDelegate: boolean,
  logger: LoggerService,
): OtherPermissions {
  if (configured === 'delegate' && !hasDelegate) {
    throw new Error(
      'tfpilot.rbac.otherPermissions: "delegate" needs a delegate policy, and none was installed. ' +
        "Set one through tfpilotPermissionPolicyExtensionPoint (or createTfpilotPermissionPolicy's delegate option), " +
        'or set tfpilot.rbac.otherPermissions to allow or deny.',
    );
  }
  if (configured && configured !== 'delegate' && hasDelegate) {
    throw new Error(
      `tfpilot.rbac.otherPermissions: "${configured}" conflicts with the delegate policy that was installed; ` +
        'set it to delegate, or remove the delegate.',
    );
  }
  if (configured) {
    return configured;
  }
  if (hasDelegate) {
    return 'delegate';
  }
  logger.warn(
    'tfpilot.rbac.otherPermissions is not set: permissions of other plugins (catalog, scaffolder, ...) ' +
      'are ALLOWED for every caller, as with the allow-all policy. ' +
      'Set it to allow, deny or delegate to make this choice explicit.',
  );
  return 'allow';
}

function describeOther(
  other: OtherPermissions,
  delegateName: string | undefined,
): string {
  switch (other) {
    case 'allow':
      return 'allowed for every caller';
    case 'deny':
      return 'denied to every caller';
    default:
      return `delegated to ${delegateName ?? 'the installed policy'}`;
  }
}

/**
 * Builds the TfPilot policy from `tfpilot.rbac` and `tfpilot.environments`,
 * resolving groups through the catalog, and logs what it decided.
 *
 * @public
 */
export function createTfpilotPermissionPolicy(
  options: CreateTfpilotPermissionPolicyOptions,
): TfpilotPermissionPolicy {
  const { config, logger, delegate } = options;
  const rbac = readTfpilotRbacConfig(config);
  const otherPermissions = resolveOtherPermissions(
    rbac.otherPermissions,
    Boolean(delegate),
    logger,
  );
  const sources = developerPromotionSources(readPromotionEnvironments(config));
  const delegateName =
    options.delegateName ?? delegate?.constructor?.name ?? undefined;

  const roles = ROLES.map(
    role => `${role}: ${[...rbac.members[role]].join(', ') || '(nobody)'}`,
  ).join('; ');
  logger.info(`TfPilot permission policy. Roles: ${roles}`);
  logger.info(
    `TfPilot permission policy: separation of duties ${
      rbac.separationOfDuties
        ? 'on (nobody approves or applies their own request)'
        : 'off'
    }; developers may promote from ${
      sources.length ? sources.join(', ') : 'no environment'
    }; group membership cached for ${rbac.membershipCacheSeconds} s`,
  );
  logger.info(
    `TfPilot permission policy: permissions of other plugins are ${describeOther(
      otherPermissions,
      delegateName,
    )} (tfpilot.rbac.otherPermissions${
      rbac.otherPermissions ? `: ${rbac.otherPermissions}` : ' not set'
    })`,
  );

  return new TfpilotPermissionPolicy({
    members: rbac.members,
    separationOfDuties: rbac.separationOfDuties,
    developerPromotionSources: sources,
    membership: new CatalogMembershipResolver({
      catalog: options.catalog,
      auth: options.auth,
      userInfo: options.userInfo,
      logger,
      cacheSeconds: rbac.membershipCacheSeconds,
    }),
    otherPermissions,
    delegate: otherPermissions === 'delegate' ? delegate : undefined,
  });
}
