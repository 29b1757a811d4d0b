import { tfpilotPermissions } from '@tfpilot/backstage-plugin-tfpilot-common';
import {
  Grant,
  grantOf,
  highestRole,
  permissionsOfRole,
  ROLES,
  RoleMembers,
  TFPILOT_PERMISSION_NAMES,
} from './roles';

const STRENGTH: Record<Grant, number> = {
  deny: 0,
  beforeNonProduction: 1,
  own: 1,
  allow: 2,
};

describe('the role table', () => {
  it('names every TfPilot permission', () => {
    expect([...TFPILOT_PERMISSION_NAMES].sort()).toEqual(
      tfpilotPermissions.map(p => p.name).sort(),
    );
  });

  it.each(TFPILOT_PERMISSION_NAMES)(
    'never gives a higher role less than a lower one: %s',
    name => {
      const strengths = ROLES.map(role => STRENGTH[grantOf(role, name)]);
      expect([...strengths].sort()).toEqual(strengths);
    },
  );

  it('gives admins everything', () => {
    expect([...permissionsOfRole('admin')].sort()).toEqual(
      [...TFPILOT_PERMISSION_NAMES].sort(),
    );
  });

  it('lists what each role may use', () => {
    expect([...permissionsOfRole('viewer')]).toEqual([
      'tfpilot.request.read',
      'tfpilot.logs.read',
      'tfpilot.metrics.read',
    ]);
    expect([...permissionsOfRole('developer')]).toEqual([
      'tfpilot.request.read',
      'tfpilot.logs.read',
      'tfpilot.metrics.read',
      'tfpilot.request.create',
      'tfpilot.request.plan',
      'tfpilot.request.cancel',
      'tfpilot.request.promote',
    ]);
    expect([...permissionsOfRole('approver')]).toEqual([
      'tfpilot.request.read',
      'tfpilot.logs.read',
      'tfpilot.metrics.read',
      'tfpilot.request.create',
      'tfpilot.request.plan',
      'tfpilot.request.cancel',
      'tfpilot.request.promote',
      'tfpilot.request.approve',
      'tfpilot.request.apply',
    ]);
  });

  it('denies everything without a role', () => {
    expect(
      TFPILOT_PERMISSION_NAMES.map(name => grantOf(undefined, name)),
    ).toEqual(TFPILOT_PERMISSION_NAMES.map(() => 'deny'));
  });
});

describe('highestRole', () => {
  const members: RoleMembers = {
    viewer: new Set(['group:default/everyone']),
    developer: new Set(['group:default/devs']),
    approver: new Set(['user:default/lead']),
    admin: new Set(['group:default/ops']),
  };

  it.each([
    [['user:default/x'], undefined],
    [['user:default/x', 'group:default/everyone'], 'viewer'],
    [['group:default/everyone', 'group:default/Devs'], 'developer'],
    [['User:Default/Lead', 'group:default/devs'], 'approver'],
    [['group:default/ops', 'group:default/everyone'], 'admin'],
  ])('%j -> %s', (refs, role) => {
    expect(highestRole(members, refs)).toBe(role);
  });
});
