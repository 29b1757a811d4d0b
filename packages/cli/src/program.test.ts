import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { runCli } from './program';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) },
    out,
    err,
  };
}

describe('tfpilot health', () => {
  let server: Server;
  let url: string;
  let answer: { status: number; body: unknown };

  beforeAll(async () => {
    server = createServer((req, res) => {
      const body =
        req.url === '/api/tfpilot/health' ? answer : { status: 404, body: {} };
      res.writeHead(body.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body.body));
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise(resolve => server.close(resolve)));

  it('reports a healthy backend', async () => {
    answer = { status: 200, body: { status: 'ok' } };
    const { io, out } = capture();

    await expect(
      runCli(['node', 'tfpilot', 'health', '--url', url], io),
    ).resolves.toBe(0);
    expect(out).toEqual([`TfPilot backend at ${url} is ok`]);
  });

  it('prints JSON with --json', async () => {
    answer = { status: 200, body: { status: 'ok' } };
    const { io, out } = capture();

    await runCli(['node', 'tfpilot', 'health', '--url', url, '--json'], io);
    expect(JSON.parse(out[0])).toEqual({ status: 'ok' });
  });

  it('fails with the HTTP status when the backend is unhealthy', async () => {
    answer = { status: 503, body: { error: 'starting' } };
    const { io, err } = capture();

    await expect(
      runCli(['node', 'tfpilot', 'health', '--url', url], io),
    ).resolves.toBe(1);
    expect(err).toEqual([
      `tfpilot: TfPilot backend at ${url} answered HTTP 503 on /api/tfpilot/health`,
    ]);
  });

  it('names a malformed --url', async () => {
    const { io, err } = capture();

    await expect(
      runCli(['node', 'tfpilot', 'health', '--url', 'nope'], io),
    ).resolves.toBe(1);
    expect(err).toEqual(['tfpilot: --url: "nope" is not a URL']);
  });

  it('refuses an unknown command with a non-zero exit', async () => {
    const { io, err } = capture();

    await expect(
      runCli(['node', 'tfpilot', 'frobnicate'], io),
    ).resolves.not.toBe(0);
    expect(err.join('\n')).toMatch(/unknown command 'frobnicate'/);
  });
});
