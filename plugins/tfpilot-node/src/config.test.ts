import { ConfigReader } from '@backstage/config';
import { readExecutorType } from './config';

describe('readExecutorType', () => {
  it('defaults to the local executor', () => {
    expect(readExecutorType(new ConfigReader({}))).toBe('local');
  });

  it('returns the configured type', () => {
    const config = new ConfigReader({
      tfpilot: { executor: { type: 'github' } },
    });
    expect(readExecutorType(config)).toBe('github');
  });

  it('names the field and the reason for a malformed type', () => {
    const config = new ConfigReader({
      tfpilot: { executor: { type: 'Git Hub' } },
    });
    expect(() => readExecutorType(config)).toThrow(
      /tfpilot\.executor\.type: "Git Hub" is not a valid executor type/,
    );
  });
});
