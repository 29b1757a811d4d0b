import {
  LoggerService,
  UrlReaderService,
  UrlReaderServiceReadTreeResponse,
} from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix, resolve } from 'node:path';
import { DirectoryOption, UrlSourceOptions } from '../config';
import { joinUrl, oneLine } from '../util';
import { isDirectory } from './files';
import { MODULE_METADATA_FILE } from './moduleMetadata';
import { readModuleFolders } from './readModules';
import { ModuleOrigin, ModuleRelease } from './types';

/** A place modules are read from. */
export interface ModuleSource {
  read(signal?: AbortSignal): Promise<ModuleRelease[]>;
}

const withSlash = (path: string) => (path.endsWith('/') ? path : `${path}/`);

/** The files a module needs: its Terraform, its metadata and READMEs. */
export function isModuleFile(path: string): boolean {
  const name = posix.basename(path);
  return (
    name.endsWith('.tf') ||
    name === MODULE_METADATA_FILE ||
    name.toLowerCase() === 'readme.md'
  );
}

/** Modules in a local directory, such as the repository's `modules/`. */
export class LocalModuleSource implements ModuleSource {
  readonly #dir: DirectoryOption;
  readonly #url?: string;
  readonly #logger: LoggerService;

  constructor(options: {
    dir: DirectoryOption;
    /** Web address of the directory, for source links. */
    url?: string;
    logger: LoggerService;
  }) {
    this.#dir = options.dir;
    this.#url = options.url;
    this.#logger = options.logger;
  }

  #originOf(root: string, relative: string): ModuleOrigin {
    const dir = join(root, relative);
    const readFrom = `file:${dir}`;
    if (!this.#url) {
      return { location: `file:${withSlash(dir)}`, readFrom, label: dir };
    }
    const url = relative ? joinUrl(this.#url, relative) : this.#url;
    return { location: `url:${withSlash(url)}`, readFrom, url, label: dir };
  }

  async read(): Promise<ModuleRelease[]> {
    const root = resolve(this.#dir.path);
    if (!(await isDirectory(root))) {
      const message = `TfPilot modules directory ${root} does not exist`;
      if (this.#dir.configured) this.#logger.warn(message);
      else this.#logger.debug(message);
      return [];
    }
    return readModuleFolders(root, {
      defaults: {},
      originOf: relative => this.#originOf(root, relative),
      logger: this.#logger,
    });
  }
}

/**
 * Modules in a repository folder read through Backstage's URL reader: one
 * module, or a folder of modules, typically at a version tag. The tree is
 * read again only when its ETag changes; when it cannot be read, the modules
 * read last time are kept (and a warning is logged).
 */
export class UrlModuleSource implements ModuleSource {
  readonly #source: UrlSourceOptions;
  readonly #reader: UrlReaderService;
  readonly #logger: LoggerService;
  readonly #workDir: string;
  #last?: { etag: string; releases: ModuleRelease[] };

  constructor(options: {
    source: UrlSourceOptions;
    reader: UrlReaderService;
    logger: LoggerService;
    /** Where trees are unpacked while they are read; the OS temp dir by default. */
    workDir?: string;
  }) {
    this.#source = options.source;
    this.#reader = options.reader;
    this.#logger = options.logger;
    this.#workDir = options.workDir ?? tmpdir();
  }

  #originOf(relative: string): ModuleOrigin {
    const base = this.#source.url;
    const url = relative ? joinUrl(base, relative) : base;
    return {
      location: `url:${withSlash(url)}`,
      readFrom: `url:${url}`,
      url,
      label: url,
    };
  }

  async read(signal?: AbortSignal): Promise<ModuleRelease[]> {
    const { url } = this.#source;
    let tree: UrlReaderServiceReadTreeResponse;
    try {
      tree = await this.#reader.readTree(url, {
        etag: this.#last?.etag,
        filter: isModuleFile,
        signal,
      });
    } catch (e) {
      if (this.#last && isError(e) && e.name === 'NotModifiedError') {
        return this.#last.releases;
      }
      const kept = this.#last ? '; keeping the modules read before' : '';
      this.#logger.warn(
        `Skipped TfPilot module source ${url}: ${oneLine(e)}${kept}`,
      );
      return this.#last?.releases ?? [];
    }
    await mkdir(this.#workDir, { recursive: true });
    const dir = await mkdtemp(join(this.#workDir, 'tfpilot-modules-'));
    try {
      const root = await tree.dir({ targetDir: dir });
      const releases = await readModuleFolders(root, {
        defaults: this.#source.metadata,
        originOf: relative => this.#originOf(relative),
        logger: this.#logger,
      });
      if (releases.length === 0) {
        this.#logger.warn(`No TfPilot modules published from ${url}`);
      }
      this.#last = { etag: tree.etag, releases };
      return releases;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}
