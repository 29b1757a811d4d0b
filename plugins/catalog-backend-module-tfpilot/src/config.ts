import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { DEFAULT_ENVIRONMENTS } from '@tfpilot/backstage-plugin-tfpilot-common';

/** A directory read by the provider, and whether the operator chose it. */
export interface DirectoryOption {
  path: string;
  /** Set in config: a missing directory is then worth a warning. */
  configured: boolean;
}

/** A repository folder read through Backstage's URL reader. */
export interface UrlSourceOptions {
  /** A module folder, or a folder of module folders, e.g. at a version tag. */
  url: string;
  /**
   * tfpilot.yaml fields for the modules of this source: defaults under each
   * module's own tfpilot.yaml, or the whole metadata of a module that has
   * none (a third-party module) when `name` is given.
   */
  metadata: JsonObject;
}

/** How the entity picker of generated templates finds entities. */
export type EntityPickerField = 'EntityPicker' | 'OwnedEntityPicker';

/** What generated templates look like. */
export interface TemplateOptions {
  /** Generate one Template per module. */
  enabled: boolean;
  /** Add a `tfpilot:request:wait` step that waits for the plan. */
  waitForPlan: boolean;
  waitTimeoutMinutes: number;
  entityPicker: EntityPickerField;
  /** Kinds of the entities a request can serve. */
  entityKinds: string[];
  /** Environments offered when a module does not restrict them. */
  environments: string[];
}

/** Everything the provider reads from `tfpilot.catalog`. */
export interface CatalogOptions {
  modulesDir: DirectoryOption;
  /** Web address of modulesDir in version control, for source links. */
  modulesUrl?: string;
  templatesDir: DirectoryOption;
  sources: UrlSourceOptions[];
  schedule: SchedulerServiceTaskScheduleDefinition;
  templates: TemplateOptions;
}

export const DEFAULT_MODULES_DIR = 'modules';
export const DEFAULT_TEMPLATES_DIR = 'templates';
export const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 30 },
  timeout: { minutes: 10 },
};
export const DEFAULT_WAIT_TIMEOUT_MINUTES = 30;
/** The longest wait `tfpilot:request:wait` accepts: a day. */
export const MAX_WAIT_TIMEOUT_MINUTES = 24 * 60;

const ENTITY_PICKERS: EntityPickerField[] = [
  'EntityPicker',
  'OwnedEntityPicker',
];

function directory(
  config: Config,
  key: string,
  fallback: string,
): DirectoryOption {
  const path = config.getOptionalString(key);
  return { path: path ?? fallback, configured: path !== undefined };
}

function readSources(config: Config): UrlSourceOptions[] {
  return (config.getOptionalConfigArray('tfpilot.catalog.sources') ?? []).map(
    source => ({
      url: source.getString('url'),
      metadata: source.getOptionalConfig('metadata')?.get<JsonObject>() ?? {},
    }),
  );
}

function readEnvironments(config: Config): string[] {
  const configured = config
    .getOptionalConfigArray('tfpilot.environments')
    ?.map(environment => environment.getString('name'));
  return configured?.length ? configured : [...DEFAULT_ENVIRONMENTS];
}

function readEntityPicker(config: Config): EntityPickerField {
  const key = 'tfpilot.catalog.templates.entityPicker';
  const value = config.getOptionalString(key) ?? 'EntityPicker';
  const picker = ENTITY_PICKERS.find(p => p === value);
  if (!picker) {
    throw new Error(`${key} must be one of ${ENTITY_PICKERS.join(', ')}`);
  }
  return picker;
}

function readTemplateOptions(config: Config): TemplateOptions {
  const prefix = 'tfpilot.catalog.templates';
  const timeout =
    config.getOptionalNumber(`${prefix}.waitTimeoutMinutes`) ??
    DEFAULT_WAIT_TIMEOUT_MINUTES;
  if (!(timeout > 0 && timeout <= MAX_WAIT_TIMEOUT_MINUTES)) {
    throw new Error(
      `${prefix}.waitTimeoutMinutes must be more than 0 and at most ${MAX_WAIT_TIMEOUT_MINUTES}`,
    );
  }
  return {
    enabled: config.getOptionalBoolean(`${prefix}.enabled`) ?? true,
    waitForPlan: config.getOptionalBoolean(`${prefix}.waitForPlan`) ?? true,
    waitTimeoutMinutes: timeout,
    entityPicker: readEntityPicker(config),
    entityKinds: config.getOptionalStringArray(`${prefix}.entityKinds`) ?? [
      'Component',
      'System',
    ],
    environments: readEnvironments(config),
  };
}

/** Reads `tfpilot.catalog` (and `tfpilot.environments`), with defaults. */
export function readCatalogOptions(config: Config): CatalogOptions {
  const schedule = config.getOptionalConfig('tfpilot.catalog.schedule');
  return {
    modulesDir: directory(
      config,
      'tfpilot.catalog.modulesDir',
      DEFAULT_MODULES_DIR,
    ),
    modulesUrl: config.getOptionalString('tfpilot.catalog.modulesUrl'),
    templatesDir: directory(
      config,
      'tfpilot.catalog.templatesDir',
      DEFAULT_TEMPLATES_DIR,
    ),
    sources: readSources(config),
    schedule: schedule
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(schedule)
      : DEFAULT_SCHEDULE,
    templates: readTemplateOptions(config),
  };
}
