import { ConfigReader } from '@backstage/config';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { examplePolicies } from './examplePolicies';
import { PolicyEngine } from './PolicyEngine';

// plugins/tfpilot-node/src/policy → <repo>/docs
const DOC = resolve(__dirname, '../../../../docs/policies.md');

describe('examplePolicies', () => {
  it('loads', () => {
    const engine = PolicyEngine.fromConfig(
      new ConfigReader({ tfpilot: { policies: examplePolicies } }),
    );
    expect(engine.listRules()).toHaveLength(examplePolicies.rules.length);
  });

  it('is what docs/policies.md shows', () => {
    const doc = readFileSync(DOC, 'utf8');
    const yaml = doc.slice(
      doc.indexOf('```yaml'),
      doc.indexOf('```\n', doc.indexOf('```yaml') + 7),
    );
    const listed = [
      ...yaml.matchAll(/^ {6}- id: (\S+)\n {8}type: (\S+)$/gm),
    ].map(([, id, type]) => [id, type]);
    expect(listed).toEqual(examplePolicies.rules.map(r => [r.id, r.type]));
  });
});
