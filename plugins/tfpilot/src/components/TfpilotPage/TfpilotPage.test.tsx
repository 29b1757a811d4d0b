import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { TfpilotApi, tfpilotApiRef } from '../../api/TfpilotApi';
import { TfpilotPage } from './TfpilotPage';

function renderWith(api: TfpilotApi) {
  return renderInTestApp(
    <TestApiProvider apis={[[tfpilotApiRef, api]]}>
      <TfpilotPage />
    </TestApiProvider>,
  );
}

describe('TfpilotPage', () => {
  it('shows that the backend is running', async () => {
    await renderWith({ getHealth: async () => ({ status: 'ok' }) });

    expect(
      await screen.findByText('TfPilot backend is running'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'TfPilot' }),
    ).toBeInTheDocument();
  });

  it('says what failed when the backend cannot be reached', async () => {
    await renderWith({
      getHealth: async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:7007');
      },
    });

    expect(
      await screen.findByText('TfPilot backend unreachable'),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/ECONNREFUSED 127\.0\.0\.1:7007/).length,
    ).toBeGreaterThan(0);
  });
});
