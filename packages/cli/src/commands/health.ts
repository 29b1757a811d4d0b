import { HealthResponse } from '@tfpilot/backstage-plugin-tfpilot-common';

/** Where a locally started portal's backend listens. */
export const DEFAULT_BACKEND_URL = 'http://localhost:7007';

export class CliError extends Error {}

/**
 * Asks a TfPilot backend whether it is up; used by smoke checks after a
 * deployment and by people wondering why the portal shows nothing.
 */
export async function checkHealth(
  backendUrl: string,
  fetchImpl: typeof fetch = fetch,
): Promise<HealthResponse> {
  let url: URL;
  try {
    url = new URL('/api/tfpilot/health', backendUrl);
  } catch {
    throw new CliError(`--url: "${backendUrl}" is not a URL`);
  }
  let response: Response;
  try {
    response = await fetchImpl(url, { signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    throw new CliError(
      `TfPilot backend at ${url.origin} is unreachable: ${
        (error as Error).message
      }`,
    );
  }
  if (!response.ok) {
    throw new CliError(
      `TfPilot backend at ${url.origin} answered HTTP ${response.status} on ${url.pathname}`,
    );
  }
  const body = (await response.json()) as Partial<HealthResponse>;
  if (body.status !== 'ok') {
    throw new CliError(
      `TfPilot backend at ${url.origin} reported status ${JSON.stringify(
        body.status,
      )}`,
    );
  }
  return { status: 'ok' };
}
