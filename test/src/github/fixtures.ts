import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { githubFixturesDir } from './locations';
import { isJsonObject, JsonObject } from './openapi';

const cache = new Map<string, JsonObject>();

function readFixture(relative: string): JsonObject {
  let value = cache.get(relative);
  if (!value) {
    const file = join(githubFixturesDir(), relative);
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (!isJsonObject(parsed)) throw new Error(`${file} is not an object`);
    value = parsed;
    cache.set(relative, value);
  }
  // Callers override fields: hand out copies so the cache stays pristine.
  return structuredClone(value);
}

/** A real webhook payload, e.g. `workflow_run.in_progress`. */
export function webhookFixture(name: string): JsonObject {
  return readFixture(join('webhooks', `${name}.json`));
}

/** A real REST response body, e.g. `actions.get-workflow-run.200`. */
export function restFixture(name: string): JsonObject {
  return readFixture(join('rest', `${name}.json`));
}

/** The first element of a list in a REST fixture, as the shape of one item. */
export function restItemFixture(name: string, listKey: string): JsonObject {
  const list = restFixture(name)[listKey];
  const first: unknown = Array.isArray(list) ? list[0] : undefined;
  if (!isJsonObject(first)) throw new Error(`${name} has no ${listKey}[0]`);
  return first;
}
