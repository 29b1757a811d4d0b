import { tfpilotApiRef } from './api/TfpilotApi';
import { TfpilotClient } from './api/TfpilotClient';
import { tfpilotPlugin } from './plugin';
import {
  metricsRouteRef,
  requestRouteRef,
  requestsRouteRef,
  rootRouteRef,
} from './routes';

describe('TfPilot plugin (legacy frontend system)', () => {
  it('registers under the tfpilot id with its routes', () => {
    expect(tfpilotPlugin.getId()).toBe('tfpilot');
    expect(tfpilotPlugin.routes).toMatchObject({
      root: rootRouteRef,
      requests: requestsRouteRef,
      request: requestRouteRef,
      metrics: metricsRouteRef,
    });
  });

  it('provides the TfPilot API backed by the fetch API', () => {
    const factory = [...tfpilotPlugin.getApis()].find(
      f => f.api.id === tfpilotApiRef.id,
    );
    expect(factory).toBeDefined();
    const api = factory!.factory({ fetchApi: { fetch } });
    expect(api).toBeInstanceOf(TfpilotClient);
  });
});
