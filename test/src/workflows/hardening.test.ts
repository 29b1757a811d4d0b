import { findHardeningViolations, isStrictBash } from './hardening';

const SHA = '3d3c42e5aac5ba805825da76410c181273ba90b1';

/** A small workflow that passes every rule; each case below breaks one. */
const GOOD = `
on:
  workflow_dispatch:
    inputs:
      name:
        description: who
        required: true
        type: string
permissions: {}
defaults:
  run:
    shell: bash --noprofile --norc -euo pipefail {0}
jobs:
  hello:
    runs-on: ubuntu-latest
    timeout-minutes: 5
    permissions:
      contents: read
    steps:
      - uses: actions/checkout@${SHA} # v7.0.1
        with:
          persist-credentials: false
      - name: Greet
        env:
          NAME: \${{ inputs.name }}
        run: echo "hello $NAME"
`;

function replaced(search: string, replacement: string): string {
  if (!GOOD.includes(search)) throw new Error(`not in the example: ${search}`);
  return GOOD.replace(search, replacement);
}

describe('findHardeningViolations', () => {
  it('finds nothing in the good example', () => {
    expect(findHardeningViolations(GOOD)).toEqual([]);
  });

  it.each<[string, string, RegExp]>([
    [
      'an action pinned to a tag',
      replaced(`actions/checkout@${SHA} # v7.0.1`, 'actions/checkout@v4'),
      /actions\/checkout@v4 is not pinned to a full 40-character commit SHA/,
    ],
    [
      'an action pinned to a branch',
      replaced(
        `actions/checkout@${SHA} # v7.0.1`,
        'actions/checkout@main # v7.0.1',
      ),
      /not pinned/,
    ],
    [
      'an abbreviated SHA',
      replaced(`@${SHA}`, `@${SHA.slice(0, 12)}`),
      /not pinned/,
    ],
    [
      'a SHA without its version comment',
      replaced(' # v7.0.1', ''),
      /needs a "# vX.Y.Z" comment/,
    ],
    [
      'a SHA with a vague version comment',
      replaced('# v7.0.1', '# v7'),
      /needs a "# vX.Y.Z" comment/,
    ],
    [
      'an unpinned container image',
      replaced(`actions/checkout@${SHA} # v7.0.1`, 'docker://alpine:3'),
      /docker:\/\/alpine:3 is not pinned to an image digest/,
    ],
    [
      'an input expression in run:',
      replaced(
        'run: echo "hello $NAME"',
        'run: echo "hello ${{ inputs.name }}"',
      ),
      /steps\[1\] \(Greet\): run: holds a \$\{\{ \}\} expression/,
    ],
    [
      'an event expression in a multi-line run:',
      replaced(
        'run: echo "hello $NAME"',
        'run: |\n          echo start\n          echo "${{ github.event.pull_request.title }}"',
      ),
      /run: holds a \$\{\{ \}\} expression/,
    ],
    [
      'a head_ref expression in run:',
      replaced(
        'run: echo "hello $NAME"',
        'run: git checkout ${{ github.head_ref }}',
      ),
      /run: holds a \$\{\{ \}\} expression/,
    ],
    [
      'no top-level permissions',
      replaced('permissions: {}\n', ''),
      /^permissions: no permissions/,
    ],
    [
      'write-all at the top',
      replaced('permissions: {}\n', 'permissions: write-all\n'),
      /^permissions: permissions: write-all grants every scope/,
    ],
    [
      'a write scope at the top',
      replaced('permissions: {}\n', 'permissions:\n  contents: write\n'),
      /^permissions: permissions grant contents: write/,
    ],
    [
      'a job without permissions',
      replaced('    permissions:\n      contents: read\n', ''),
      /^jobs\.hello: no permissions/,
    ],
    [
      'write-all on a job',
      replaced(
        '    permissions:\n      contents: read\n',
        '    permissions: write-all\n',
      ),
      /^jobs\.hello: permissions: write-all/,
    ],
    [
      'read-all on a job',
      replaced(
        '    permissions:\n      contents: read\n',
        '    permissions: read-all\n',
      ),
      /^jobs\.hello: permissions: read-all/,
    ],
    [
      'a write scope on a job that may not write',
      replaced(
        '      contents: read\n',
        '      contents: read\n      pull-requests: write\n',
      ),
      /^jobs\.hello: permissions grant pull-requests: write/,
    ],
    [
      'a checkout that keeps its credentials',
      replaced('          persist-credentials: false\n', ''),
      /checkout must set persist-credentials: false/,
    ],
    [
      'a job without a timeout',
      replaced('    timeout-minutes: 5\n', ''),
      /^jobs\.hello: needs timeout-minutes/,
    ],
    [
      'the default bash (no -u)',
      replaced(
        'shell: bash --noprofile --norc -euo pipefail {0}',
        'shell: bash',
      ),
      /run: needs bash with -euo pipefail/,
    ],
    [
      'a step shell without pipefail',
      replaced(
        'run: echo "hello $NAME"',
        'shell: bash -eu {0}\n        run: echo "hello $NAME"',
      ),
      /run: needs bash with -euo pipefail/,
    ],
    [
      'a pull_request_target trigger',
      replaced('on:\n', 'on:\n  pull_request_target:\n'),
      /^on\.pull_request_target: runs code from outside/,
    ],
    [
      'an expression in a github-script script',
      replaced(
        `actions/checkout@${SHA} # v7.0.1\n        with:\n          persist-credentials: false`,
        `actions/github-script@${SHA} # v8.0.0\n        with:\n          script: console.log("\${{ inputs.name }}")`,
      ),
      /with\.script holds a \$\{\{ \}\} expression/,
    ],
  ])('flags %s', (_label, workflow, expected) => {
    const violations = findHardeningViolations(workflow);
    expect(violations).toEqual([expect.stringMatching(expected)]);
  });

  it('lets a job that pushes write contents and keep checkout credentials, when allowed', () => {
    const pushing = replaced(
      '      contents: read\n',
      '      contents: write\n',
    ).replace(
      '          persist-credentials: false\n',
      '          persist-credentials: true\n',
    );
    expect(findHardeningViolations(pushing)).toEqual([
      'jobs.hello: permissions grant contents: write',
    ]);
    expect(
      findHardeningViolations(pushing, { allowWrite: ['contents'] }),
    ).toEqual([]);
  });

  it('accepts a script that turns strict mode on itself', () => {
    const workflow = replaced(
      'shell: bash --noprofile --norc -euo pipefail {0}',
      'shell: bash',
    ).replace(
      'run: echo "hello $NAME"',
      'run: |\n          # strict\n          set -euo pipefail\n          echo "hello $NAME"',
    );
    expect(findHardeningViolations(workflow)).toEqual([]);
  });

  it('accepts local actions and reusable workflows pinned to a SHA', () => {
    const workflow = `${GOOD}
  called:
    permissions:
      contents: read
    uses: octo/infra/.github/workflows/tfpilot-plan.yml@${SHA} # v1.0.0
  local:
    runs-on: ubuntu-latest
    timeout-minutes: 5
    permissions: {}
    steps:
      - uses: ./.github/actions/mine
`;
    expect(findHardeningViolations(workflow)).toEqual([]);
    expect(
      findHardeningViolations(
        workflow.replace(`tfpilot-plan.yml@${SHA}`, 'tfpilot-plan.yml@main'),
      ),
    ).toEqual([expect.stringMatching(/^jobs\.called: .* is not pinned/)]);
  });

  it('accepts a matrix from a job output, and flags its values in run:', () => {
    const fanOut = `${GOOD}
  check:
    needs: hello
    runs-on: ubuntu-latest
    timeout-minutes: 5
    permissions: {}
    strategy:
      fail-fast: false
      max-parallel: 10
      matrix:
        chunk: \${{ fromJSON(needs.hello.outputs.chunks) }}
    steps:
      - name: Chunk
        env:
          IDS: \${{ matrix.chunk.ids }}
        run: echo "$IDS"
`;
    expect(findHardeningViolations(fanOut)).toEqual([]);
    expect(
      findHardeningViolations(
        fanOut.replace(
          'run: echo "$IDS"',
          'run: echo "${{ matrix.chunk.ids }}"',
        ),
      ),
    ).toEqual([
      expect.stringMatching(
        /^jobs\.check\.steps\[0\] \(Chunk\): run: holds a \$\{\{ \}\} expression/,
      ),
    ]);
    expect(
      findHardeningViolations(
        fanOut.replace(
          'run: echo "$IDS"',
          'run: echo "${{ needs.hello.outputs.chunks }}"',
        ),
      ),
    ).toEqual([expect.stringMatching(/run: holds a \$\{\{ \}\} expression/)]);
  });

  it('reports YAML that does not parse', () => {
    expect(findHardeningViolations('jobs: [unclosed')).toEqual([
      expect.stringMatching(/^not valid YAML/),
    ]);
  });
});

describe('isStrictBash', () => {
  it.each([
    ['bash --noprofile --norc -euo pipefail {0}', true],
    ['bash -e -u -o pipefail {0}', true],
    ['/usr/bin/bash -o errexit -o nounset -o pipefail {0}', true],
    ['bash --noprofile --norc -eo pipefail {0}', false],
    ['bash -eu {0}', false],
    ['sh -euo pipefail {0}', false],
    ['pwsh -command ". \'{0}\'"', false],
  ])('%s → %s', (shell, expected) => {
    expect(isStrictBash(shell)).toBe(expected);
  });
});
