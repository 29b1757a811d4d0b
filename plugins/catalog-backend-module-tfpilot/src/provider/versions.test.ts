import { compareVersions, latestVersion, newestFirst } from './versions';

describe('versions', () => {
  it('orders by semantic-version precedence', () => {
    expect(
      newestFirst([
        '1.0.0',
        '1.10.0',
        '1.2.0',
        '2.0.0-rc.1',
        '2.0.0',
        '2.0.0-rc.10',
        '2.0.0-rc.2',
        '2.0.0-alpha',
        '2.0.0-alpha.1',
      ]),
    ).toEqual([
      '2.0.0',
      '2.0.0-rc.10',
      '2.0.0-rc.2',
      '2.0.0-rc.1',
      '2.0.0-alpha.1',
      '2.0.0-alpha',
      '1.10.0',
      '1.2.0',
      '1.0.0',
    ]);
    expect(compareVersions('1.0.0', '1.0.0')).toBe(0);
    expect(compareVersions('1.0.0-1', '1.0.0-alpha')).toBeLessThan(0);
  });

  it('takes the newest release as the latest, a pre-release only when there is nothing else', () => {
    expect(latestVersion(['1.0.0', '2.0.0-rc.1', '1.1.0'])).toBe('1.1.0');
    expect(latestVersion(['2.0.0-rc.1', '2.0.0-rc.2'])).toBe('2.0.0-rc.2');
    expect(latestVersion([])).toBeUndefined();
  });
});
