import {
  compareVersions,
  parseVersion,
  parseVersionConstraint,
  satisfies,
  Version,
} from './versions';

function v(text: string): Version {
  const version = parseVersion(text);
  if (!version) throw new Error(`bad test version ${text}`);
  return version;
}

function ok(version: string, constraint: string): boolean {
  return satisfies(v(version), parseVersionConstraint(constraint));
}

describe('parseVersion', () => {
  it('reads major.minor.patch with prerelease and build', () => {
    expect(parseVersion('1.2.3')).toEqual({
      major: 1,
      minor: 2,
      patch: 3,
      prerelease: [],
    });
    expect(parseVersion('1.2.3-rc.1+build.5')?.prerelease).toEqual(['rc', '1']);
  });

  it.each(['1.2', 'v1.2.3', '1.2.3.4', '01.2', '', '1.2.3-', 'x'.repeat(300)])(
    'refuses %p',
    text => {
      expect(parseVersion(text)).toBeUndefined();
    },
  );
});

describe('compareVersions', () => {
  it('orders by semver precedence', () => {
    const ordered = [
      '0.9.9',
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '1.0.1',
      '1.2.0',
      '1.10.0',
      '2.0.0',
    ];
    for (let i = 1; i < ordered.length; i++) {
      expect(compareVersions(v(ordered[i - 1]), v(ordered[i]))).toBe(-1);
      expect(compareVersions(v(ordered[i]), v(ordered[i - 1]))).toBe(1);
    }
    expect(compareVersions(v('1.2.3+a'), v('1.2.3+b'))).toBe(0);
  });
});

describe('satisfies', () => {
  it.each([
    ['1.2.0', '1.2.0', true],
    ['1.2.0', '= 1.2.0', true],
    ['1.2.1', '=1.2.0', false],
    ['1.2.0', '= 1.2', true],
    ['1.3.0', '!= 1.3.0', false],
    ['1.3.1', '!= 1.3.0', true],
    ['1.2.0', '>= 1.2.0', true],
    ['1.1.9', '>= 1.2.0', false],
    ['1.2.0', '> 1.2.0', false],
    ['1.2.1', '> 1.2', true],
    ['1.9.9', '< 2.0.0', true],
    ['2.0.0', '< 2.0.0', false],
    ['2.0.0', '<= 2.0.0', true],
    ['1.2.0', '~> 1.2', true],
    ['1.9.0', '~> 1.2', true],
    ['2.0.0', '~> 1.2', false],
    ['1.1.9', '~> 1.2', false],
    ['1.2.3', '~> 1.2.3', true],
    ['1.2.9', '~> 1.2.3', true],
    ['1.3.0', '~> 1.2.3', false],
    ['1.2.2', '~> 1.2.3', false],
    ['0.4.0', '~> 0.3', true],
    ['1.5.0', '>= 1.2.0, < 2.0.0', true],
    ['2.0.0', '>= 1.2.0, < 2.0.0', false],
    ['1.5.0', '>= 1.2.0, < 2.0.0, != 1.5.0', false],
  ])('%s meets %s: %s', (version, constraint, expected) => {
    expect(ok(version, constraint)).toBe(expected);
  });

  it('accepts a prerelease only through an exact pin', () => {
    expect(ok('1.3.0-rc.1', '>= 1.2.0')).toBe(false);
    expect(ok('1.3.0-rc.1', '~> 1.2')).toBe(false);
    expect(ok('1.3.0-rc.1', '= 1.3.0-rc.1')).toBe(true);
    expect(ok('1.3.0-rc.1', '= 1.3.0-rc.2')).toBe(false);
    expect(ok('1.3.0-rc.1', '>= 1.2.0, = 1.3.0-rc.1')).toBe(true);
  });
});

describe('parseVersionConstraint', () => {
  it.each([
    ['', 'has an empty part'],
    ['>= 1.2,', 'has an empty part'],
    ['~> 1', '~> needs at least major.minor'],
    ['>= 1.2-rc.1', 'a prerelease needs a full major.minor.patch'],
    ['^1.2.0', 'is not a version constraint'],
    ['>= v1', 'is not a version constraint'],
    ['1.2.3 || 2.0.0', 'is not a version constraint'],
    ['9'.repeat(300), 'longer than 256 characters'],
  ])('refuses %p', (text, reason) => {
    expect(() => parseVersionConstraint(text)).toThrow(reason);
  });
});
