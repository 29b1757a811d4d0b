import {
  LoggerService,
  SchedulerServiceTaskRunner,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { Entity, KubernetesValidatorFunctions } from '@backstage/catalog-model';
import {
  DeferredEntity,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { CatalogOptions, DirectoryOption, TemplateOptions } from '../config';
import {
  compatibleVersions,
  moduleTemplate,
  moduleTemplateRef,
} from '../template/moduleTemplate';
import { KnownModules, Preset, readPresets } from '../template/presets';
import { oneLine } from '../util';
import { moduleEntity, ModuleVersions } from './moduleEntity';
import { LocalModuleSource, ModuleSource, UrlModuleSource } from './sources';
import { ModuleRelease } from './types';
import { compareVersions, latestVersion } from './versions';

/** Options of {@link TfpilotModuleProvider}. */
export interface TfpilotModuleProviderOptions {
  /** Where modules are read from, in order: the first of two equal versions wins. */
  sources: ModuleSource[];
  /** Hand-written preset Templates. */
  templatesDir?: DirectoryOption;
  templates: TemplateOptions;
  logger: LoggerService;
  taskRunner: SchedulerServiceTaskRunner;
}

/** The module versions of one module, newest first. */
type ModuleGroup = { name: string; releases: ModuleRelease[] };

/**
 * Publishes the platform's Terraform modules in the catalog: one `Component`
 * of type `terraform-module` per module version (from a local directory and
 * from repositories read through the URL reader), one generated scaffolder
 * `Template` per module, and the hand-written preset Templates. A broken
 * module, source or preset is logged and skipped; the others are still
 * published.
 */
export class TfpilotModuleProvider implements EntityProvider {
  readonly #sources: ModuleSource[];
  readonly #templatesDir?: DirectoryOption;
  readonly #templates: TemplateOptions;
  readonly #logger: LoggerService;
  readonly #taskRunner: SchedulerServiceTaskRunner;
  #connection?: EntityProviderConnection;

  /** The provider `tfpilot.catalog` describes. */
  static fromOptions(
    options: CatalogOptions,
    deps: {
      logger: LoggerService;
      urlReader: UrlReaderService;
      taskRunner: SchedulerServiceTaskRunner;
      /** Where repository trees are unpacked while read. */
      workDir?: string;
    },
  ): TfpilotModuleProvider {
    const { logger, urlReader, taskRunner, workDir } = deps;
    return new TfpilotModuleProvider({
      sources: [
        new LocalModuleSource({
          dir: options.modulesDir,
          url: options.modulesUrl,
          logger,
        }),
        ...options.sources.map(
          source =>
            new UrlModuleSource({ source, reader: urlReader, logger, workDir }),
        ),
      ],
      templatesDir: options.templatesDir,
      templates: options.templates,
      logger,
      taskRunner,
    });
  }

  constructor(options: TfpilotModuleProviderOptions) {
    this.#sources = options.sources;
    this.#templatesDir = options.templatesDir;
    this.#templates = options.templates;
    this.#logger = options.logger;
    this.#taskRunner = options.taskRunner;
  }

  getProviderName(): string {
    return 'TfpilotModuleProvider';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.#connection = connection;
    await this.#taskRunner.run({
      id: `${this.getProviderName()}:refresh`,
      fn: signal => this.refresh(signal),
    });
  }

  /** Reads every source again and replaces the provider's entities. */
  async refresh(signal?: AbortSignal): Promise<void> {
    if (!this.#connection) {
      throw new Error(`${this.getProviderName()} is not connected`);
    }
    const entities = await this.read(signal);
    await this.#connection.applyMutation({ type: 'full', entities });
    this.#logger.info(`Published ${entities.length} TfPilot catalog entities`);
  }

  /** The entities the provider publishes, read afresh. */
  async read(signal?: AbortSignal): Promise<DeferredEntity[]> {
    const groups = groupByModule(await this.#readReleases(signal));
    const entities: DeferredEntity[] = [];
    const known = new Map<string, string[]>();
    for (const group of groups) {
      entities.push(...this.#moduleEntities(group));
      known.set(
        group.name,
        group.releases.map(r => r.metadata.version),
      );
    }
    entities.push(...(await this.#presetEntities(known, entities)));
    return entities;
  }

  async #readReleases(signal?: AbortSignal): Promise<ModuleRelease[]> {
    const seen = new Map<string, ModuleRelease>();
    for (const source of this.#sources) {
      let releases: ModuleRelease[];
      try {
        releases = await source.read(signal);
      } catch (e) {
        this.#logger.warn(`Skipped a TfPilot module source: ${oneLine(e)}`);
        continue;
      }
      for (const release of releases) {
        const { name, version } = release.metadata;
        const first = seen.get(`${name}@${version}`);
        if (first) {
          this.#logger.warn(
            `Skipped TfPilot module ${release.origin.label}: ${name} ${version} is already published from ${first.origin.label}`,
          );
        } else {
          seen.set(`${name}@${version}`, release);
        }
      }
    }
    return [...seen.values()];
  }

  #deferred(
    entity: Entity,
    release: ModuleRelease,
  ): DeferredEntity | undefined {
    if (!KubernetesValidatorFunctions.isValidObjectName(entity.metadata.name)) {
      this.#logger.warn(
        `Skipped TfPilot module ${release.origin.label}: ${entity.kind} name ${entity.metadata.name} is not a valid entity name (at most 63 characters)`,
      );
      return undefined;
    }
    return {
      entity,
      locationKey: `${this.getProviderName()}:${release.origin.readFrom}`,
    };
  }

  #moduleEntities(group: ModuleGroup): DeferredEntity[] {
    const all = group.releases.map(r => r.metadata.version);
    const latest = latestVersion(all) ?? all[0];
    const latestRelease =
      group.releases.find(r => r.metadata.version === latest) ??
      group.releases[0];
    const versions: ModuleVersions = { all, latest };
    const entities: DeferredEntity[] = [];
    if (this.#templates.enabled) {
      const offered = compatibleVersions(latestRelease, group.releases);
      const result = moduleTemplate(latestRelease, offered, this.#templates);
      if ('problem' in result) {
        this.#logger.warn(
          `No TfPilot template for module ${group.name} ${latest}: ${result.problem}`,
        );
      } else {
        const deferred = this.#deferred(result.entity, latestRelease);
        if (deferred) {
          entities.push(deferred);
          versions.template = {
            ref: moduleTemplateRef(group.name),
            versions: offered,
          };
        }
      }
    }
    const components = group.releases.map(release =>
      this.#deferred(moduleEntity(release, versions), release),
    );
    return [
      ...components.filter((e): e is DeferredEntity => e !== undefined),
      ...entities,
    ];
  }

  async #presetEntities(
    modules: KnownModules,
    published: DeferredEntity[],
  ): Promise<DeferredEntity[]> {
    if (!this.#templatesDir) return [];
    const names = new Set(
      published
        .filter(e => e.entity.kind === 'Template')
        .map(e => e.entity.metadata.name),
    );
    let presets: Preset[];
    try {
      presets = await readPresets(this.#templatesDir, modules, this.#logger);
    } catch (e) {
      this.#logger.warn(`Skipped the TfPilot preset templates: ${oneLine(e)}`);
      return [];
    }
    const entities: DeferredEntity[] = [];
    for (const { entity, location } of presets) {
      if (names.has(entity.metadata.name)) {
        this.#logger.warn(
          `Skipped TfPilot template ${location}: another Template is named ${entity.metadata.name}`,
        );
        continue;
      }
      names.add(entity.metadata.name);
      entities.push({
        entity,
        locationKey: `${this.getProviderName()}:${location}`,
      });
    }
    return entities;
  }
}

/** Releases grouped by module name (sorted), each group newest first. */
function groupByModule(releases: ModuleRelease[]): ModuleGroup[] {
  const byName = new Map<string, ModuleRelease[]>();
  for (const release of releases) {
    const group = byName.get(release.metadata.name) ?? [];
    group.push(release);
    byName.set(release.metadata.name, group);
  }
  return [...byName.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, group]) => ({
      name,
      releases: [...group].sort((a, b) =>
        compareVersions(b.metadata.version, a.metadata.version),
      ),
    }));
}
