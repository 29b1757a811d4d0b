import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';

export const DRIFT_SCHEDULE_KEY = 'tfpilot.drift.schedule';

/** Nightly, at 03:00 in the backend's time zone. */
export const DEFAULT_DRIFT_CRON = '0 3 * * *';

/** A sweep only dispatches runs; half an hour is ample before its lock is freed. */
const SWEEP_TIMEOUT = { minutes: 30 };

/** Five fields, or six with seconds first, as Backstage's scheduler reads cron. */
const CRON = /^\S+(?:\s+\S+){4,5}$/;

function cronSchedule(cron: string): SchedulerServiceTaskScheduleDefinition {
  if (!CRON.test(cron.trim())) {
    throw new Error(
      `${DRIFT_SCHEDULE_KEY}: ${JSON.stringify(
        cron.slice(0, 80),
      )} is not a cron expression (five fields such as "${DEFAULT_DRIFT_CRON}", or six with seconds first)`,
    );
  }
  return {
    frequency: { cron: cron.trim() },
    timeout: SWEEP_TIMEOUT,
    scope: 'global',
  };
}

/**
 * The drift sweep's schedule from `tfpilot.drift.schedule`: a cron string
 * (default nightly), or a full schedule definition as Backstage's other
 * tasks take. Global unless the definition says otherwise, so several
 * backend instances sweep once between them. Throws naming the key.
 */
export function readDriftSchedule(
  config: Config,
): SchedulerServiceTaskScheduleDefinition {
  const value = config.getOptional(DRIFT_SCHEDULE_KEY);
  if (value === undefined) return cronSchedule(DEFAULT_DRIFT_CRON);
  if (typeof value === 'string') return cronSchedule(value);
  try {
    const definition = readSchedulerServiceTaskScheduleDefinitionFromConfig(
      config.getConfig(DRIFT_SCHEDULE_KEY),
    );
    return { ...definition, scope: definition.scope ?? 'global' };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${DRIFT_SCHEDULE_KEY}: ${reason}`);
  }
}
