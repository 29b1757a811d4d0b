import { ConfigReader } from '@backstage/config';
import { JsonValue } from '@backstage/types';
import { readDriftSchedule } from './schedule';

const withDrift = (schedule: JsonValue) =>
  new ConfigReader({ tfpilot: { drift: { schedule } } });

describe('readDriftSchedule', () => {
  it('sweeps nightly at 03:00, once across instances, by default', () => {
    expect(readDriftSchedule(new ConfigReader({}))).toEqual({
      frequency: { cron: '0 3 * * *' },
      timeout: { minutes: 30 },
      scope: 'global',
    });
  });

  it('takes a cron expression, with or without seconds', () => {
    expect(readDriftSchedule(withDrift('30 2 * * 1-5')).frequency).toEqual({
      cron: '30 2 * * 1-5',
    });
    expect(readDriftSchedule(withDrift('*/10 * * * * *')).frequency).toEqual({
      cron: '*/10 * * * * *',
    });
  });

  it('takes a full schedule definition, global unless it says local', () => {
    expect(
      readDriftSchedule(
        withDrift({
          frequency: { hours: 6 },
          timeout: { minutes: 10 },
          initialDelay: { minutes: 1 },
        }),
      ),
    ).toMatchObject({
      frequency: { hours: 6 },
      timeout: { minutes: 10 },
      initialDelay: { minutes: 1 },
      scope: 'global',
    });
    expect(
      readDriftSchedule(
        withDrift({
          frequency: { cron: '0 4 * * *' },
          timeout: 'PT5M',
          scope: 'local',
        }),
      ).scope,
    ).toBe('local');
  });

  it('names the key when the schedule is wrong', () => {
    expect(() => readDriftSchedule(withDrift('nightly'))).toThrow(
      'tfpilot.drift.schedule: "nightly" is not a cron expression',
    );
    expect(() =>
      readDriftSchedule(withDrift({ frequency: { hours: 1 } })),
    ).toThrow(/^tfpilot\.drift\.schedule: .*timeout/);
    expect(() =>
      readDriftSchedule(
        withDrift({ frequency: { hours: 1 }, timeout: 'PT1M', scope: 'x' }),
      ),
    ).toThrow('tfpilot.drift.schedule: Only "global" or "local"');
  });
});
