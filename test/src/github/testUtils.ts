import { createServer, IncomingHttpHeaders } from 'node:http';
import { AddressInfo } from 'node:net';
import { GithubTestServer } from './GithubTestServer';

/** A response as the tests read it: JSON parsed, other bodies as text. */
export interface TestResponse {
  status: number;
  headers: Headers;
  body: unknown;
}

/** The value at a path of keys and indexes inside parsed JSON. */
export function at(value: unknown, ...path: Array<string | number>): unknown {
  let node = value;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

/** Node's fetch against the server, with the token and JSON handled. */
export function githubClient(server: GithubTestServer, token = 'test-token') {
  return async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<TestResponse> => {
    const response = await fetch(`${server.apiBaseUrl}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        accept: 'application/vnd.github+json',
        ...(token ? { authorization: `token ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const json = response.headers.get('content-type')?.includes('json');
    return {
      status: response.status,
      headers: response.headers,
      body: json && text ? JSON.parse(text) : text,
    };
  };
}

/** What a webhook receiver got. */
export interface ReceivedDelivery {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver answering `status`, recording every request. */
export async function startReceiver(status = 202) {
  const received: ReceivedDelivery[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(`received ${received.length}`);
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/github`,
    received,
    stop: () =>
      new Promise<void>(resolve => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export const OWNER = 'acme';
export const REPO = 'infra-live';
export const REPO_PATH = `/repos/${OWNER}/${REPO}`;
