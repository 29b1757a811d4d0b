import { isResourcePermission } from '@backstage/plugin-permission-common';
import {
  isTfpilotPermissionName,
  TFPILOT_REQUEST_RESOURCE_TYPE,
  tfpilotBasicPermissions,
  tfpilotPermissions,
  tfpilotRequestPermissions,
} from './permissions';

describe('TfPilot permissions', () => {
  it('defines every permission of the design, each exactly once', () => {
    expect(tfpilotPermissions.map(p => p.name).sort()).toEqual(
      [
        'tfpilot.admin',
        'tfpilot.drift.check',
        'tfpilot.logs.read',
        'tfpilot.metrics.read',
        'tfpilot.request.apply',
        'tfpilot.request.approve',
        'tfpilot.request.cancel',
        'tfpilot.request.create',
        'tfpilot.request.destroy',
        'tfpilot.request.plan',
        'tfpilot.request.promote',
        'tfpilot.request.read',
      ].sort(),
    );
  });

  it('scopes every per-request permission to the tfpilot-request resource type', () => {
    for (const permission of tfpilotRequestPermissions) {
      expect(
        isResourcePermission(permission, TFPILOT_REQUEST_RESOURCE_TYPE),
      ).toBe(true);
    }
  });

  it('keeps create and the global permissions free of a resource type', () => {
    for (const permission of tfpilotBasicPermissions) {
      expect(permission.type).toBe('basic');
    }
  });

  it('recognises its own permission names only', () => {
    expect(isTfpilotPermissionName('tfpilot.request.approve')).toBe(true);
    expect(isTfpilotPermissionName('catalog.entity.read')).toBe(false);
  });
});
