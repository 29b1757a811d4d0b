import { render, screen } from '@testing-library/react';
import { JsonObject } from '@backstage/types';

const appConfig: JsonObject = {
  app: { title: 'TfPilot test', baseUrl: 'http://localhost:3000' },
  backend: { baseUrl: 'http://localhost:7007' },
  auth: { providers: { guest: {} } },
};

describe('App', () => {
  // The first render compiles and boots the whole app: give it time on 2 cores.
  jest.setTimeout(60_000);

  beforeEach(() => {
    process.env = {
      ...process.env,
      NODE_ENV: 'test',
      APP_CONFIG: [{ data: appConfig, context: 'test' }] as unknown as string,
    };
  });

  it('starts at the guest sign-in page', async () => {
    const { default: App } = await import('./App');
    render(App.createRoot());

    expect(
      await screen.findByRole('button', { name: 'Enter' }, { timeout: 15000 }),
    ).toBeInTheDocument();
  });
});
