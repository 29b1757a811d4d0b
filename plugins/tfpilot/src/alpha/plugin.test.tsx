import { renderTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { tfpilotApiRef } from '../api/TfpilotApi';
import tfpilotPlugin from './plugin';

describe('TfPilot plugin (new frontend system)', () => {
  it('mounts the TfPilot page at /tfpilot and reads the backend status', async () => {
    renderTestApp({
      features: [tfpilotPlugin],
      initialRouteEntries: ['/tfpilot'],
      apis: [
        [tfpilotApiRef, { getHealth: async () => ({ status: 'ok' as const }) }],
      ],
    });

    expect(
      await screen.findByText('TfPilot backend is running'),
    ).toBeInTheDocument();
  });
});
