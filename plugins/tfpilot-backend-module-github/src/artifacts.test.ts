import { zipSync } from 'fflate';
import { ArtifactError, unpackArtifact } from './artifacts';

const zip = (files: Record<string, string>) =>
  zipSync(
    Object.fromEntries(
      Object.entries(files).map(([name, text]) => [name, Buffer.from(text)]),
    ),
  );

describe('unpackArtifact', () => {
  it('unpacks only the wanted files', () => {
    const files = unpackArtifact(
      zip({
        'plan.json': '{"a":1}',
        tfplan: 'binary',
        './infracost.json': '{}',
      }),
      path => path.endsWith('.json'),
    );
    expect([...files.keys()].sort()).toEqual(['infracost.json', 'plan.json']);
    expect(files.get('plan.json')?.toString()).toBe('{"a":1}');
  });

  it('refuses an artifact that unpacks to more than the limit', () => {
    const big = 'x'.repeat(10_000);
    expect(() =>
      unpackArtifact(
        zip({ 'plan.json': big, 'infracost.json': big }),
        () => true,
        15_000,
      ),
    ).toThrow(
      new ArtifactError('The artifact unpacks to more than 15000 bytes'),
    );
  });

  it('ignores large files it does not want', () => {
    const files = unpackArtifact(
      zip({ 'plan.json': '{}', tfplan: 'x'.repeat(50_000) }),
      path => path === 'plan.json',
      1_000,
    );
    expect(files.get('plan.json')?.toString()).toBe('{}');
  });

  it('refuses bytes that are not a zip', () => {
    expect(() =>
      unpackArtifact(
        Buffer.from('<Error>AuthenticationFailed</Error>'),
        () => true,
      ),
    ).toThrow(/The artifact is not a readable zip archive/);
  });
});
