import { formatRunTitle, parseRunTitle, RunTitle } from './runTitle';

const ID = '01jd8x3m4n5p6q7r8s9t0v1w2x';

describe('parseRunTitle', () => {
  it.each([['plan'], ['apply'], ['destroy'], ['cleanup']] as const)(
    'reads a %s run of a request',
    operation => {
      expect(parseRunTitle(`tfpilot ${operation} ${ID}`)).toEqual({
        operation,
        requestId: ID,
      });
    },
  );

  it('reads a drift batch run', () => {
    expect(parseRunTitle('tfpilot drift prod-eu mf3k2a1b9c8d7e6f')).toEqual({
      operation: 'drift',
      environment: 'prod-eu',
      batchId: 'mf3k2a1b9c8d7e6f',
    });
  });

  it('tolerates surrounding white space', () => {
    expect(parseRunTitle(`  tfpilot plan ${ID}\n`)).toEqual({
      operation: 'plan',
      requestId: ID,
    });
  });

  it.each([
    'CI',
    'Update README.md',
    `tfpilot plan`,
    `tfpilot refresh ${ID}`,
    `tfpilot plan ${ID.toUpperCase()}`,
    `tfpilot plan ${ID} extra`,
    `tfpilot plan ${ID.slice(1)}`,
    // Crockford base32 has no i, l, o, u.
    `tfpilot plan ${ID.slice(0, 25)}u`,
    'tfpilot drift Prod batch0001',
    'tfpilot drift prod short',
    `xtfpilot plan ${ID}`,
  ])('ignores %j', title => {
    expect(parseRunTitle(title)).toBeUndefined();
  });

  it('reads back what formatRunTitle writes', () => {
    const titles: RunTitle[] = [
      { operation: 'apply', requestId: ID },
      { operation: 'drift', environment: 'dev', batchId: 'abcdefgh12' },
    ];
    for (const title of titles) {
      expect(parseRunTitle(formatRunTitle(title))).toEqual(title);
    }
  });
});
