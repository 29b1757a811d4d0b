import { runCommand, TailBuffer } from './runCommand';

describe('TailBuffer', () => {
  it('keeps only the last bytes and says so', () => {
    const tail = new TailBuffer(4);
    expect(tail.truncated).toBe(false);
    for (const part of ['ab', 'cd', 'ef', 'gh', 'ij']) {
      tail.push(Buffer.from(part));
    }
    expect(tail.toBuffer().toString()).toBe('ghij');
    expect(tail.truncated).toBe(true);
  });
});

describe('runCommand', () => {
  const base = { cwd: process.cwd(), env: process.env, timeoutMs: 10_000 };

  it('passes arguments as they are, without a shell', async () => {
    const result = await runCommand({
      ...base,
      file: process.execPath,
      args: ['-e', 'process.stdout.write(process.argv[1])', '$HOME; echo hi'],
      fullStdoutMaxBytes: 1024,
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout.toString()).toBe('$HOME; echo hi');
  });

  it('reports a program that cannot be started', async () => {
    const result = await runCommand({
      ...base,
      file: '/nonexistent/tofu',
      args: [],
    });
    expect(result.exitCode).toBeNull();
    expect(result.spawnError?.message).toContain('ENOENT');
  });

  it('drops stdout that is larger than allowed', async () => {
    const result = await runCommand({
      ...base,
      file: process.execPath,
      args: ['-e', 'process.stdout.write("x".repeat(2048))'],
      fullStdoutMaxBytes: 1024,
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdoutOverflow).toBe(true);
    expect(result.stdout.length).toBe(0);
  });
});
