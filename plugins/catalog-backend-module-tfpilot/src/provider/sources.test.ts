import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { JsonObject } from '@backstage/types';
import { SHARED_FIXTURES_DIR } from '@tfpilot/test';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { thirdPartyMetadata, urlReaderServing } from '../__testUtils__/trees';
import { isModuleFile, UrlModuleSource } from './sources';

const BASE = 'https://github.com/acme/platform-modules/tree/v2.3.0/modules';

const metadata = (name: string) => `
name: ${name}
version: 2.3.0
owner: group:default/platform
lifecycle: production
`;

// The HCL parser starts in a worker: slow on a loaded 2-core CI machine.
jest.setTimeout(60_000);
describe('UrlModuleSource', () => {
  const dir = createMockDirectory();
  const logger = mockServices.logger.mock();

  beforeEach(() => {
    dir.clear();
    jest.clearAllMocks();
  });

  const source = (
    url: string,
    reader: ReturnType<typeof urlReaderServing>,
    extra: { metadata?: JsonObject } = {},
  ) =>
    new UrlModuleSource({
      source: { url, metadata: extra.metadata ?? {} },
      reader,
      logger,
      workDir: dir.resolve('work'),
    });

  it('reads a folder of modules, skipping a broken one with its URL and reason', async () => {
    dir.setContent({
      'repo/bucket/tfpilot.yaml': metadata('bucket'),
      'repo/bucket/main.tf': 'variable "name" { type = string }',
      'repo/bucket/examples/basic/README.md': 'Smallest call.',
      'repo/bucket/examples/basic/main.tf': '',
      'repo/queue/tfpilot.yaml': metadata('queue'),
      'repo/queue/main.tf': 'variable "name" { type = strin }',
      'repo/docs/README.md': 'not a module',
      work: {},
    });
    const reader = urlReaderServing({ [BASE]: dir.resolve('repo') });

    const releases = await source(BASE, reader).read();

    expect(releases.map(r => r.metadata.name)).toEqual(['bucket']);
    expect(releases[0].origin).toEqual({
      location: `url:${BASE}/bucket/`,
      readFrom: `url:${BASE}/bucket`,
      url: `${BASE}/bucket`,
      label: `${BASE}/bucket`,
    });
    expect(releases[0].examples).toEqual([
      {
        name: 'basic',
        path: 'examples/basic',
        description: 'Smallest call.',
        url: `${BASE}/bucket/examples/basic`,
      },
    ]);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    const [warning] = logger.warn.mock.calls[0];
    expect(warning).toMatch(
      new RegExp(
        `^Skipped TfPilot module ${BASE}/queue: main\\.tf: variable "name": invalid type`,
      ),
    );
    expect(warning).not.toContain(dir.path);
    // The unpacked tree is removed once read.
    expect(await readdir(dir.resolve('work'))).toEqual([]);
  });

  it('asks for module files only', () => {
    expect(
      [
        'main.tf',
        'a/b/variables.tf',
        'tfpilot.yaml',
        'README.md',
        'x/readme.md',
      ].every(isModuleFile),
    ).toBe(true);
    expect(
      [
        'logo.png',
        'main.tf.json',
        'terraform.tfstate',
        '.terraform.lock.hcl',
      ].some(isModuleFile),
    ).toBe(false);
  });

  it('publishes a third-party module, without tfpilot.yaml, with metadata from config', async () => {
    const url =
      'https://github.com/terraform-aws-modules/terraform-aws-rds/tree/v6.10.0';
    const reader = urlReaderServing({
      [url]: join(SHARED_FIXTURES_DIR, 'modules/terraform-aws-rds'),
    });

    const releases = await source(url, reader, {
      metadata: thirdPartyMetadata('rds', '6.10.0'),
    }).read();

    expect(logger.warn).not.toHaveBeenCalled();
    expect(releases).toHaveLength(1);
    const [rds] = releases;
    expect(rds.metadata).toMatchObject({ name: 'rds', version: '6.10.0' });
    expect(rds.inspection.variables.length).toBeGreaterThan(100);
    expect(rds.examples.map(e => e.name)).toEqual(['complete-postgres']);
    expect(rds.origin.location).toBe(`url:${url}/`);
    expect(reader.readTree).toHaveBeenCalledWith(
      url,
      expect.objectContaining({ filter: isModuleFile }),
    );
  });

  it('reports metadata from config that is not valid', async () => {
    const url =
      'https://github.com/terraform-aws-modules/terraform-aws-rds/tree/v6';
    const reader = urlReaderServing({
      [url]: join(SHARED_FIXTURES_DIR, 'modules/terraform-aws-rds'),
    });

    const releases = await source(url, reader, {
      metadata: { name: 'rds', version: 'v6' },
    }).read();

    expect(releases).toEqual([]);
    expect(logger.warn).toHaveBeenCalledWith(
      `Skipped TfPilot module ${url}: metadata from config: version: a semantic version such as 1.2.0`,
    );
  });

  it('reports an unreadable URL and publishes nothing from it', async () => {
    const reader = urlReaderServing({});

    expect(await source(`${BASE}/missing`, reader).read()).toEqual([]);
    expect(logger.warn).toHaveBeenCalledWith(
      `Skipped TfPilot module source ${BASE}/missing: 404 Not Found: ${BASE}/missing`,
    );
  });

  it('reads the tree again only when it changed, and keeps the last modules when it cannot', async () => {
    dir.setContent({
      'repo/bucket/tfpilot.yaml': metadata('bucket'),
      'repo/bucket/main.tf': '',
      work: {},
    });
    const reader = urlReaderServing({ [BASE]: dir.resolve('repo') });
    const bucket = source(BASE, reader);

    const first = await bucket.read();
    // The stub answers NotModified to the ETag of the first read.
    const second = await bucket.read();
    reader.readTree.mockRejectedValueOnce(new Error('503 Service Unavailable'));
    const third = await bucket.read();

    expect(reader.readTree.mock.calls.map(c => c[1]?.etag)).toEqual([
      undefined,
      'etag-1',
      'etag-1',
    ]);
    expect(second).toBe(first);
    expect(third).toBe(first);
    expect(logger.warn).toHaveBeenCalledWith(
      `Skipped TfPilot module source ${BASE}: 503 Service Unavailable; keeping the modules read before`,
    );
  });

  it('says so when a source publishes no module', async () => {
    dir.setContent({ 'repo/README.md': 'nothing here', work: {} });
    const reader = urlReaderServing({ [BASE]: dir.resolve('repo') });

    expect(await source(BASE, reader).read()).toEqual([]);
    expect(logger.warn).toHaveBeenCalledWith(
      `No TfPilot modules published from ${BASE}`,
    );
  });
});
