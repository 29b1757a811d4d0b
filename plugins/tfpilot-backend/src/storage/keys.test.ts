import { InputError } from '@backstage/errors';
import { newRequestId } from '@tfpilot/backstage-plugin-tfpilot-common';
import {
  ArtifactName,
  artifactKey,
  eventKey,
  parseRequestRevisionKey,
  requestRevisionKey,
} from './keys';

const HOSTILE = [
  '../../etc',
  '',
  'A'.repeat(100),
  'ü'.repeat(26),
  '%2e%2e',
  '..',
  'a/b',
  '/etc/passwd',
];

describe('requestRevisionKey', () => {
  const id = newRequestId();

  it('is requests/<id>/<revision>.json with a zero-padded revision', () => {
    expect(requestRevisionKey(id, 1)).toBe(`requests/${id}/0000000001.json`);
    expect(requestRevisionKey(id, 42)).toBe(`requests/${id}/0000000042.json`);
  });

  it('sorts revisions numerically', () => {
    const keys = [10, 9, 100, 1].map(r => requestRevisionKey(id, r));
    expect([...keys].sort()).toEqual(
      [1, 9, 10, 100].map(r => requestRevisionKey(id, r)),
    );
  });

  it.each(HOSTILE)('refuses the request id %j', bad => {
    expect(() => requestRevisionKey(bad, 1)).toThrow(InputError);
  });

  it('refuses an upper-case request id', () => {
    expect(() => requestRevisionKey(id.toUpperCase(), 1)).toThrow(InputError);
  });

  it.each([0, -1, 1.5, NaN, Infinity, 1e10])('refuses the revision %p', bad => {
    expect(() => requestRevisionKey(id, bad)).toThrow(InputError);
  });

  it('accepts the widest revision that still pads to ten digits', () => {
    expect(requestRevisionKey(id, 9_999_999_999)).toBe(
      `requests/${id}/9999999999.json`,
    );
  });
});

describe('parseRequestRevisionKey', () => {
  const id = newRequestId();

  it('reads back what requestRevisionKey builds', () => {
    expect(parseRequestRevisionKey(requestRevisionKey(id, 7))).toEqual({
      id,
      revision: 7,
    });
  });

  it.each([
    `requests/${id}/0000000000.json`,
    `requests/${id}/1.json`,
    `requests/${id}/0000000001.json.bak`,
    `logs/${id}/0000000001.json`,
    `requests/../0000000001.json`,
    '',
  ])('ignores %j', key => {
    expect(parseRequestRevisionKey(key)).toBeUndefined();
  });
});

describe('eventKey', () => {
  const id = newRequestId();

  it('is logs/yyyy/mm/dd/<id>/<seq>.json, dated by the event', () => {
    expect(eventKey('2024-03-05T23:59:59.999Z', id, 7)).toBe(
      `logs/2024/03/05/${id}/0000000007.json`,
    );
  });

  it('dates in UTC, whatever offset the timestamp carries', () => {
    expect(eventKey('2024-03-06T01:30:00+02:00', id, 1)).toBe(
      `logs/2024/03/05/${id}/0000000001.json`,
    );
    expect(eventKey('2023-12-31T22:30:00-02:00', id, 1)).toBe(
      `logs/2024/01/01/${id}/0000000001.json`,
    );
  });

  it.each([
    '',
    'yesterday',
    '2024-03-05',
    '2024-03-05 10:00:00',
    '2024-03-05T10:00:00',
    'March 5, 2024',
    '1709632800000',
    '+275760-09-13T00:00:00Z',
    '2024-13-45T10:00:00Z',
  ])('refuses the timestamp %j', bad => {
    expect(() => eventKey(bad, id, 1)).toThrow(InputError);
  });

  it.each(HOSTILE)('refuses the request id %j', bad => {
    expect(() => eventKey('2024-03-05T10:00:00Z', bad, 1)).toThrow(InputError);
  });

  it.each([0, -3, 2.5])('refuses the seq %p', bad => {
    expect(() => eventKey('2024-03-05T10:00:00Z', id, bad)).toThrow(InputError);
  });
});

describe('artifactKey', () => {
  const id = newRequestId();

  it('is artifacts/<id>/<runId>/<name>', () => {
    expect(artifactKey(id, 'run-123_a', 'plan.json')).toBe(
      `artifacts/${id}/run-123_a/plan.json`,
    );
    expect(artifactKey(id, '987654321', 'cost.json')).toBe(
      `artifacts/${id}/987654321/cost.json`,
    );
  });

  it.each(HOSTILE)('refuses the request id %j', bad => {
    expect(() => artifactKey(bad, 'run-1', 'plan.json')).toThrow(InputError);
  });

  it.each([...HOSTILE, '-leading-dash', '.hidden', 'run 1', 'run\n1'])(
    'refuses the run id %j',
    bad => {
      expect(() => artifactKey(id, bad, 'plan.json')).toThrow(InputError);
    },
  );

  it.each(['../plan.json', 'plan.json/..', 'state.tfstate', ''])(
    'refuses the artifact name %j',
    bad => {
      expect(() => artifactKey(id, 'run-1', bad as ArtifactName)).toThrow(
        InputError,
      );
    },
  );
});
