import { Config } from '@backstage/config';
import { DEFAULT_ENVIRONMENTS } from '@tfpilot/backstage-plugin-tfpilot-common';

/** Configured environments, in promotion order. */
export interface Environments {
  names: string[];
}

export function readEnvironments(config: Config): Environments {
  const configured = config.getOptionalConfigArray('tfpilot.environments');
  const names = configured?.length
    ? configured.map(c => c.getString('name'))
    : [...DEFAULT_ENVIRONMENTS];
  return { names };
}
