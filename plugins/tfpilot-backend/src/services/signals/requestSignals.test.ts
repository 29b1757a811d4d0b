import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import {
  SignalPayload,
  SignalsService,
  signalsServiceRef,
} from '@backstage/plugin-signals-node';
import { JsonObject } from '@backstage/types';
import request from 'supertest';
import { startTfpilotTestBackend } from '../../__testUtils__/startTfpilotTestBackend';
import { requestRecord } from '../notifications/__testUtils__/records';
import {
  createRequestSignalListener,
  REQUEST_SIGNAL_CHANNEL,
} from './requestSignals';

class RecordingSignals implements SignalsService {
  readonly published: SignalPayload[] = [];

  async publish<T extends JsonObject>(signal: SignalPayload<T>) {
    this.published.push(signal);
  }
}

describe('request signals', () => {
  it('broadcast the id, revision and status of a revision, nothing else', async () => {
    const signals = new RecordingSignals();
    const listener = createRequestSignalListener({
      signals,
      logger: mockServices.logger.mock(),
    });

    await listener(requestRecord('plan_failed'));

    expect(signals.published).toEqual([
      {
        recipients: { type: 'broadcast' },
        channel: 'tfpilot:request',
        message: {
          requestId: '01hzy3b5c8d9e0f1g2h3j4k5m6',
          revision: 3,
          status: 'plan_failed',
        },
      },
    ]);
  });

  it('log a failed publish and carry on', async () => {
    const logger = mockServices.logger.mock();
    const listener = createRequestSignalListener({
      signals: { publish: async () => Promise.reject(new Error('no bus')) },
      logger,
    });

    await expect(listener(requestRecord('applied'))).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('Could not publish the signal'),
    );
  });

  describe('through the real backend', () => {
    const dir = createMockDirectory();
    const jane = mockCredentials.user.header('user:default/jane');

    it('publish one signal per revision', async () => {
      const signals = new RecordingSignals();
      const { server, executor } = await startTfpilotTestBackend({
        storageDir: dir.path,
        features: [
          createServiceFactory({
            service: signalsServiceRef,
            deps: {},
            factory: () => signals,
          }),
        ],
      });
      const created = await request(server)
        .post('/api/tfpilot/requests')
        .set('Authorization', jane)
        .send({
          module: { name: 'object-bucket', version: '1.0.0' },
          environment: 'dev',
          inputs: { name: 'checkout-artifacts' },
          entityRef: 'component:default/checkout',
        });
      const id: string = created.body.id;
      await request(server)
        .post(`/api/tfpilot/requests/${id}/plan`)
        .set('Authorization', jane)
        .send({});
      await executor.lastRun().finish('failed');

      // Listeners run after the commit; give them their turn.
      await new Promise(resolve => setTimeout(resolve, 50));
      expect(signals.published.map(s => s.channel)).toEqual(
        Array(3).fill(REQUEST_SIGNAL_CHANNEL),
      );
      expect(signals.published.map(s => s.message)).toEqual([
        { requestId: id, revision: 1, status: 'submitted' },
        { requestId: id, revision: 2, status: 'planning' },
        { requestId: id, revision: 3, status: 'plan_failed' },
      ]);
    });
  });
});
