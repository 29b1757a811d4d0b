/**
 * Permission policy for TfPilot roles: Viewer, Developer, Approver, Admin.
 *
 * @packageDocumentation
 */
export { permissionModuleTfpilot as default } from './module';
export { TfpilotRolePolicy } from './policy/TfpilotRolePolicy';
export {
  ROLES,
  highestRole,
  permissionsOfRole,
  readRoleMembers,
} from './policy/roles';
export type { Role, RoleMembers } from './policy/roles';
