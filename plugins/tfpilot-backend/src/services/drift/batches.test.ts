import { ExecutorRunInput } from '@tfpilot/backstage-plugin-tfpilot-node';
import {
  DEFAULT_DRIFT_BATCH_SIZE,
  DriftBatching,
  DriftBatchPlanner,
} from './batches';

const input = (
  requestId: string,
  environment: string,
  module = 'object-bucket',
): ExecutorRunInput => ({
  requestId,
  revision: 5,
  environment,
  module: { name: module, version: '1.0.0' },
  inputs: {},
  runs: [],
});

function plan(batching: DriftBatching, inputs: ExecutorRunInput[]) {
  const planner = new DriftBatchPlanner(batching);
  inputs.forEach(i => planner.add(i));
  return planner.batches();
}

const ids = (n: number, prefix = 'r') =>
  Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`);

describe('DriftBatchPlanner', () => {
  it('makes one batch per environment, in environment order', () => {
    expect(
      plan({}, [
        input('a', 'prod'),
        input('b', 'dev'),
        input('c', 'prod'),
        input('d', 'dev'),
        input('e', 'stage'),
      ]),
    ).toEqual([
      { environment: 'dev', requestIds: ['b', 'd'] },
      { environment: 'prod', requestIds: ['a', 'c'] },
      { environment: 'stage', requestIds: ['e'] },
    ]);
  });

  it('splits an environment by the executor key, e.g. its repository', () => {
    const batching: DriftBatching = {
      driftBatchKey: i => `acme/${i.module.name}-infra`,
    };
    expect(
      plan(batching, [
        input('a', 'dev', 'queue'),
        input('b', 'dev', 'bucket'),
        input('c', 'dev', 'queue'),
        input('d', 'prod', 'queue'),
      ]),
    ).toEqual([
      { environment: 'dev', key: 'acme/bucket-infra', requestIds: ['b'] },
      { environment: 'dev', key: 'acme/queue-infra', requestIds: ['a', 'c'] },
      { environment: 'prod', key: 'acme/queue-infra', requestIds: ['d'] },
    ]);
  });

  it('calls the key function as a method of the executor', () => {
    const executor = {
      repository: 'acme/infra-live',
      driftBatchKey(this: { repository: string }) {
        return this.repository;
      },
    };
    expect(plan(executor, [input('a', 'dev')])).toEqual([
      { environment: 'dev', key: 'acme/infra-live', requestIds: ['a'] },
    ]);
  });

  it('chunks large groups evenly within the executor batch size', () => {
    const batches = plan(
      { maxDriftBatchSize: 200 },
      ids(401).map(id => input(id, 'dev')),
    );
    expect(batches.map(b => b.requestIds.length)).toEqual([134, 134, 133]);
    expect(batches.flatMap(b => b.requestIds)).toEqual(ids(401));
  });

  it('uses the default size when the executor names none or a useless one', () => {
    for (const maxDriftBatchSize of [undefined, 0, -3, 2.5, Number.NaN]) {
      const batches = plan(
        { maxDriftBatchSize },
        ids(DEFAULT_DRIFT_BATCH_SIZE + 1).map(id => input(id, 'dev')),
      );
      expect(batches.map(b => b.requestIds.length)).toEqual([101, 100]);
    }
  });

  it('checks a request once however often it is added', () => {
    expect(
      plan({ maxDriftBatchSize: 1 }, [
        input('a', 'dev'),
        input('a', 'dev'),
        input('b', 'dev'),
      ]),
    ).toEqual([
      { environment: 'dev', requestIds: ['a'] },
      { environment: 'dev', requestIds: ['b'] },
    ]);
  });

  it('makes no batch of nothing', () => {
    expect(plan({}, [])).toEqual([]);
  });
});
