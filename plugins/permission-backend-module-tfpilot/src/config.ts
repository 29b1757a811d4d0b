import { Config } from '@backstage/config';
import {
  readTfpilotEnvironments,
  TfpilotEnvironment,
} from '@tfpilot/backstage-plugin-tfpilot-node';
import { readRoleMembers, RoleMembers } from './policy/roles';

/**
 * What happens to permissions of other plugins (catalog, scaffolder, ...):
 * `allow` them all, `deny` them all, or `delegate` them to the policy the app
 * installed through {@link tfpilotPermissionPolicyExtensionPoint} (or passed
 * as `delegate`).
 *
 * @public
 */
export type OtherPermissions = 'allow' | 'deny' | 'delegate';

const OTHER_PERMISSIONS: readonly OtherPermissions[] = [
  'allow',
  'deny',
  'delegate',
];

/** Seconds a user's resolved group membership is reused by default. */
export const DEFAULT_MEMBERSHIP_CACHE_SECONDS = 30;

/**
 * `tfpilot.rbac`, read and checked.
 *
 * @public
 */
export interface TfpilotRbacConfig {
  members: RoleMembers;
  /** Nobody approves or applies their own request. */
  separationOfDuties: boolean;
  /** As configured; undefined when the key is absent. */
  otherPermissions?: OtherPermissions;
  /** How long resolved group membership is reused; 0 disables the cache. */
  membershipCacheSeconds: number;
}

/**
 * Reads `tfpilot.rbac`, failing with the field at fault.
 *
 * @public
 */
export function readTfpilotRbacConfig(config: Config): TfpilotRbacConfig {
  const other = config.getOptionalString('tfpilot.rbac.otherPermissions');
  if (
    other !== undefined &&
    !(OTHER_PERMISSIONS as readonly string[]).includes(other)
  ) {
    throw new Error(
      `tfpilot.rbac.otherPermissions: "${other}" is not one of ${OTHER_PERMISSIONS.join(
        ', ',
      )}`,
    );
  }
  const cacheSeconds =
    config.getOptionalNumber('tfpilot.rbac.membershipCacheSeconds') ??
    DEFAULT_MEMBERSHIP_CACHE_SECONDS;
  if (!Number.isFinite(cacheSeconds) || cacheSeconds < 0) {
    throw new Error(
      `tfpilot.rbac.membershipCacheSeconds: must be a number of seconds, 0 or more (got ${cacheSeconds})`,
    );
  }
  return {
    members: readRoleMembers(config),
    separationOfDuties:
      config.getOptionalBoolean('tfpilot.rbac.separationOfDuties') ?? false,
    otherPermissions: other as OtherPermissions | undefined,
    membershipCacheSeconds: cacheSeconds,
  };
}

/**
 * A target environment, in promotion order.
 *
 * @public
 */
export type PromotionEnvironment = TfpilotEnvironment;

/**
 * `tfpilot.environments` as the TfPilot backend reads it (the same default
 * when absent), with the production flag. When no environment is flagged
 * `production: true`, the last one is taken as production, so promotion into
 * an unflagged final environment is never mistaken for a non-production one.
 *
 * @public
 */
export function readPromotionEnvironments(
  config: Config,
): PromotionEnvironment[] {
  return readTfpilotEnvironments(config);
}

/**
 * Environments a Developer may promote from: those whose next environment
 * (promotion goes only to the next one) is not production.
 *
 * @public
 */
export function developerPromotionSources(
  environments: readonly PromotionEnvironment[],
): string[] {
  return environments.flatMap((environment, i) => {
    const next = environments[i + 1];
    return next && !next.production ? [environment.name] : [];
  });
}
