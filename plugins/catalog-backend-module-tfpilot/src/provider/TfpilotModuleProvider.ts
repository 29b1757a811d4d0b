import {
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import {
  DeferredEntity,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { moduleEntity } from './moduleEntity';
import { MODULE_METADATA_FILE, parseModuleMetadata } from './moduleMetadata';

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Publishes the platform's Terraform modules (folders with a tfpilot.yaml)
 * as catalog entities. A broken module is logged and skipped; the others
 * are still published.
 */
export class TfpilotModuleProvider implements EntityProvider {
  readonly #modulesDir: string;
  readonly #logger: LoggerService;
  readonly #taskRunner: SchedulerServiceTaskRunner;
  #connection?: EntityProviderConnection;

  constructor(options: {
    modulesDir: string;
    logger: LoggerService;
    taskRunner: SchedulerServiceTaskRunner;
  }) {
    this.#modulesDir = resolve(options.modulesDir);
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
      fn: () => this.refresh(),
    });
  }

  async refresh(): Promise<void> {
    if (!this.#connection) {
      throw new Error(`${this.getProviderName()} is not connected`);
    }
    const entities = await this.read();
    await this.#connection.applyMutation({ type: 'full', entities });
    this.#logger.info(`Published ${entities.length} TfPilot modules`);
  }

  async read(): Promise<DeferredEntity[]> {
    const folders = await readdir(this.#modulesDir, { withFileTypes: true });
    const entities: DeferredEntity[] = [];
    for (const folder of folders
      .filter(f => f.isDirectory())
      .sort((a, b) => a.name.localeCompare(b.name))) {
      const entity = await this.#readModule(
        join(this.#modulesDir, folder.name),
      );
      if (entity) entities.push(entity);
    }
    return entities;
  }

  async #readModule(dir: string): Promise<DeferredEntity | undefined> {
    const metadataPath = join(dir, MODULE_METADATA_FILE);
    const text = await readOptional(metadataPath);
    if (text === undefined) return undefined;
    const location = `file:${dir}`;
    try {
      const metadata = parseModuleMetadata(text);
      const readme = await readOptional(join(dir, 'README.md'));
      return {
        entity: moduleEntity({ metadata, readme, location }),
        locationKey: `${this.getProviderName()}:${location}`,
      };
    } catch (error) {
      this.#logger.warn(
        `Skipped TfPilot module ${metadataPath}: ${(error as Error).message}`,
      );
      return undefined;
    }
  }
}
