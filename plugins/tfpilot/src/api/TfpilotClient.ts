import { ResponseError } from '@backstage/errors';
import { FetchApi } from '@backstage/frontend-plugin-api';
import {
  HealthResponse,
  TFPILOT_PLUGIN_ID,
} from '@tfpilot/backstage-plugin-tfpilot-common';
import { TfpilotApi } from './TfpilotApi';

/** Talks to the TfPilot backend through Backstage's fetch API (auth included). */
export class TfpilotClient implements TfpilotApi {
  readonly #fetchApi: FetchApi;

  constructor(options: { fetchApi: FetchApi }) {
    this.#fetchApi = options.fetchApi;
  }

  async getHealth(): Promise<HealthResponse> {
    return this.#get<HealthResponse>('/health');
  }

  async #get<T>(path: string): Promise<T> {
    const response = await this.#fetchApi.fetch(
      `plugin://${TFPILOT_PLUGIN_ID}${path}`,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
