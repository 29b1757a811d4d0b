import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { TFPILOT_PLUGIN_ID } from '@tfpilot/backstage-plugin-tfpilot-common';

/** Body of POST /api/tfpilot/requests. */
export interface CreateRequestBody {
  module: { name: string; version: string };
  environment: string;
  inputs: Record<string, unknown>;
  entityRef: string;
}

/** Calls the TfPilot backend on behalf of the user who started the task. */
export class TfpilotApiClient {
  readonly #discovery: DiscoveryService;
  readonly #auth: AuthService;

  constructor(options: { discovery: DiscoveryService; auth: AuthService }) {
    this.#discovery = options.discovery;
    this.#auth = options.auth;
  }

  async createRequest(
    body: CreateRequestBody,
    onBehalfOf: BackstageCredentials,
  ): Promise<{ id: string }> {
    const baseUrl = await this.#discovery.getBaseUrl(TFPILOT_PLUGIN_ID);
    const { token } = await this.#auth.getPluginRequestToken({
      onBehalfOf,
      targetPluginId: TFPILOT_PLUGIN_ID,
    });
    const response = await fetch(`${baseUrl}/requests`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
      },
      body: JSON.stringify(body),
    });
    const payload = (await response.json().catch(() => undefined)) as
      | { id?: unknown; error?: { message?: unknown } }
      | undefined;
    if (!response.ok) {
      const reason =
        typeof payload?.error?.message === 'string'
          ? payload.error.message
          : response.statusText;
      throw new Error(
        `TfPilot refused the request (HTTP ${response.status}): ${reason}`,
      );
    }
    if (typeof payload?.id !== 'string') {
      throw new Error('TfPilot answered without a request id');
    }
    return { id: payload.id };
  }
}
