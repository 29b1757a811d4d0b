/**
 * Permission policy for TfPilot roles: Viewer, Developer, Approver, Admin.
 *
 * @packageDocumentation
 */
export { permissionModuleTfpilot as default } from './module';
export { tfpilotPermissionPolicyExtensionPoint } from './extensionPoint';
export type { TfpilotPermissionPolicyExtensionPoint } from './extensionPoint';
export {
  TfpilotPermissionPolicy,
  createTfpilotPermissionPolicy,
} from './policy/TfpilotPermissionPolicy';
export type {
  TfpilotPermissionPolicyOptions,
  CreateTfpilotPermissionPolicyOptions,
} from './policy/TfpilotPermissionPolicy';
export { CatalogMembershipResolver } from './membership/CatalogMembershipResolver';
export type {
  MembershipResolver,
  TfpilotMembership,
} from './membership/CatalogMembershipResolver';
export {
  readTfpilotRbacConfig,
  readPromotionEnvironments,
  developerPromotionSources,
} from './config';
export type {
  OtherPermissions,
  TfpilotRbacConfig,
  PromotionEnvironment,
} from './config';
export {
  ROLES,
  SEPARATED_DUTIES,
  TFPILOT_PERMISSION_NAMES,
  grantOf,
  highestRole,
  isTfpilotNamespace,
  permissionsOfRole,
  readRoleMembers,
} from './policy/roles';
export type { Grant, Role, RoleMembers } from './policy/roles';
