import { Config } from '@backstage/config';
import {
  readTfpilotEnvironments,
  TfpilotEnvironment,
} from '@tfpilot/backstage-plugin-tfpilot-node';

/** Configured environments, in promotion order. */
export interface Environments {
  names: string[];
  list: TfpilotEnvironment[];
  /** The environment named, for the policy engine; production when unknown. */
  get(name: string): TfpilotEnvironment;
}

export function readEnvironments(config: Config): Environments {
  const list = readTfpilotEnvironments(config);
  return {
    names: list.map(environment => environment.name),
    list,
    get: name =>
      list.find(environment => environment.name === name) ?? {
        name,
        production: true,
      },
  };
}
