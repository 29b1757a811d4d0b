import { GLOB_PATTERN, matchesAnyGlob, matchesGlob } from './glob';

describe('matchesGlob', () => {
  it.each([
    ['aws_db_*', 'aws_db_instance', true],
    ['aws_db_*', 'aws_db_', true],
    ['aws_db_*', 'aws_dynamodb_table', false],
    ['aws_s3_bucket', 'aws_s3_bucket', true],
    ['aws_s3_bucket', 'aws_s3_bucket_policy', false],
    ['*_bucket', 'aws_s3_bucket', true],
    ['*', '', true],
    ['*', 'anything', true],
    ['eu-*-1', 'eu-west-1', true],
    ['eu-*-1', 'eu-west-2', false],
    ['eu-?est-1', 'eu-west-1', true],
    ['eu-?est-1', 'eu-est-1', false],
    ['a*b*c', 'aXbYbZc', true],
    ['a*b*c', 'aXbYbZ', false],
    ['**', 'x', true],
    ['', '', true],
    ['', 'x', false],
  ])('%s on %s: %s', (glob, value, expected) => {
    expect(matchesGlob(glob, value)).toBe(expected);
  });

  it('treats regular expression syntax literally', () => {
    expect(matchesGlob('a.b', 'a.b')).toBe(true);
    expect(matchesGlob('a.b', 'axb')).toBe(false);
  });

  it('stays fast on long values with many stars', () => {
    const started = Date.now();
    expect(matchesGlob('*a*a*a*a*a*a*a*b', 'a'.repeat(100_000))).toBe(false);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('matches any of several globs', () => {
    expect(matchesAnyGlob(['x', 'aws_*'], 'aws_vpc')).toBe(true);
    expect(matchesAnyGlob([], 'aws_vpc')).toBe(false);
  });

  it('accepts only plain glob characters in configuration', () => {
    expect(GLOB_PATTERN.test('aws_db_*')).toBe(true);
    expect(GLOB_PATTERN.test('registry.terraform.io/hashicorp/aws')).toBe(true);
    expect(GLOB_PATTERN.test('a[bc]')).toBe(false);
    expect(GLOB_PATTERN.test('')).toBe(false);
  });
});
