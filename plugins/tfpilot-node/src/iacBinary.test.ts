import { createMockDirectory } from '@backstage/backend-test-utils';
import { chmodSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { findIacBinary } from './iacBinary';

describe('findIacBinary', () => {
  const dir = createMockDirectory();

  function makeTool(relativePath: string, executable = true) {
    dir.addContent({ [relativePath]: '#!/bin/sh\n' });
    chmodSync(join(dir.path, relativePath), executable ? 0o755 : 0o644);
  }

  beforeEach(() => dir.clear());

  it('prefers tofu over terraform wherever they are on PATH', async () => {
    makeTool('a/terraform');
    makeTool('b/tofu');
    const path = [join(dir.path, 'a'), join(dir.path, 'b')].join(delimiter);
    await expect(findIacBinary(path)).resolves.toEqual({
      name: 'tofu',
      path: join(dir.path, 'b', 'tofu'),
    });
  });

  it('falls back to terraform and skips files that are not executable', async () => {
    makeTool('a/tofu', false);
    makeTool('b/terraform');
    const path = [join(dir.path, 'a'), join(dir.path, 'b')].join(delimiter);
    await expect(findIacBinary(path)).resolves.toEqual({
      name: 'terraform',
      path: join(dir.path, 'b', 'terraform'),
    });
  });

  it('finds nothing on an empty PATH', async () => {
    await expect(findIacBinary('')).resolves.toBeUndefined();
  });
});
