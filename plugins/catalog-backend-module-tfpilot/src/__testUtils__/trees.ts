import {
  SchedulerServiceTaskRunner,
  UrlReaderServiceReadTreeOptions,
  UrlReaderServiceReadTreeResponse,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { NotModifiedError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import { cp, stat } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { TemplateOptions } from '../config';

/** The repository's own modules and templates. */
export const REPO_MODULES_DIR = resolve(__dirname, '../../../../modules');
export const REPO_TEMPLATES_DIR = resolve(__dirname, '../../../../templates');

/**
 * A readTree response serving a local folder, as the URL reader would serve
 * a repository folder: `dir()` copies the files the read's filter accepts.
 */
export function treeOf(
  folder: string,
  options: UrlReaderServiceReadTreeOptions = {},
  etag = 'etag-1',
): UrlReaderServiceReadTreeResponse {
  return {
    etag,
    files: async () => [],
    archive: async () => {
      throw new Error('not served');
    },
    dir: async dirOptions => {
      const target = dirOptions?.targetDir;
      if (!target) throw new Error('the provider always passes targetDir');
      await cp(folder, target, {
        recursive: true,
        filter: async source => {
          const path = relative(folder, source);
          if (!path) return true;
          if ((await stat(source)).isDirectory()) return true;
          return options.filter ? options.filter(path) : true;
        },
      });
      return target;
    },
  };
}

/**
 * A URL reader whose readTree serves local folders by URL, answers
 * NotModified for an unchanged ETag and fails for unknown URLs.
 */
export function urlReaderServing(folders: Record<string, string>) {
  const reader = mockServices.urlReader.mock();
  reader.readTree.mockImplementation(async (url, options) => {
    const folder = folders[url];
    if (!folder) throw new Error(`404 Not Found: ${url}`);
    if (options?.etag === 'etag-1') throw new NotModifiedError();
    return treeOf(folder, options);
  });
  return reader;
}

/** Runs the task as soon as it is scheduled. */
export const runImmediately: SchedulerServiceTaskRunner = {
  run: async task => {
    await task.fn(new AbortController().signal);
  },
};

export const TEMPLATE_OPTIONS: TemplateOptions = {
  enabled: true,
  waitForPlan: true,
  waitTimeoutMinutes: 30,
  entityPicker: 'EntityPicker',
  entityKinds: ['Component', 'System'],
  environments: ['dev', 'stage', 'prod'],
};

/** Metadata config gives a third-party module that has no tfpilot.yaml. */
export function thirdPartyMetadata(name: string, version: string): JsonObject {
  return {
    name,
    version,
    owner: 'group:default/platform',
    lifecycle: 'experimental',
    environments: ['dev'],
    tags: ['third-party'],
  };
}

/** A copy of a JSON value without the `ui:*` keys of Backstage templates. */
export function withoutUiOptions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutUiOptions);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !key.startsWith('ui:'))
      .map(([key, item]) => [key, withoutUiOptions(item)]),
  );
}
