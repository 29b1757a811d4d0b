import { maxNestingDepth } from './nesting';

describe('maxNestingDepth', () => {
  it('counts blocks, brackets, strings and interpolations', () => {
    expect(maxNestingDepth('')).toBe(0);
    expect(maxNestingDepth('a = 1\n')).toBe(0);
    expect(maxNestingDepth('a {\n  b = [1, (2)]\n}\n')).toBe(3);
    expect(maxNestingDepth('a = "x ${f(1)} y"\n')).toBe(3);
    expect(maxNestingDepth('a = "${"${1}"}"\n')).toBe(4);
  });

  it('ignores brackets in strings, comments and heredocs', () => {
    expect(maxNestingDepth('a = "((([[[{{{"\n')).toBe(1);
    expect(maxNestingDepth('# (((\n// [[[\n/* {{{ */\na = 1\n')).toBe(0);
    expect(maxNestingDepth('a = "\\"(("\n')).toBe(1);
    expect(maxNestingDepth('a = "$${((( %%{"\n')).toBe(1);
    expect(
      maxNestingDepth('a = <<-EOT\n  ((( [[[\n  ${var.x}\n  EOT\nb = 1\n'),
    ).toBe(2);
  });

  it('grows with every level', () => {
    const n = 300;
    expect(maxNestingDepth(`a = ${'['.repeat(n)}1${']'.repeat(n)}\n`)).toBe(n);
    expect(maxNestingDepth(`a = ${'"${'.repeat(n)}1${'}"'.repeat(n)}\n`)).toBe(
      2 * n,
    );
  });

  it('stops at input that is not HCL and leaves it to the parser', () => {
    expect(maxNestingDepth('a = [1))))\n')).toBe(1);
    expect(maxNestingDepth('a = "open\nb = [[[[\n')).toBe(1);
    expect(maxNestingDepth('a = <<EOT b\n')).toBe(0);
    expect(maxNestingDepth('/* [[[')).toBe(0);
  });
});
