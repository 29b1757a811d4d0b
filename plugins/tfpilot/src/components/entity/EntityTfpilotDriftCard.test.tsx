import { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { tfpilotApiRef } from '../../api/TfpilotApi';
import { EntityTfpilotDriftCard as LegacyDriftCard } from '../../entity';
import { rootRouteRef } from '../../routes';
import {
  checkoutEntity,
  fakeTfpilotApi,
  makeDrift,
  makeRequest,
} from './__testUtils__/requests';
import { EntityTfpilotDriftCard } from './EntityTfpilotDriftCard';

const applied = makeRequest({
  status: 'applied',
  updatedAt: '2024-05-01T10:00:00.000Z',
});
const other = makeRequest({
  status: 'applied',
  updatedAt: '2024-05-01T11:00:00.000Z',
  module: 'message-queue',
  environment: 'prod',
});
const drifted = makeDrift(applied, 'drifted', [
  {
    address: 'module.bucket.aws_s3_bucket.this',
    actions: ['update'],
    attributes: ['tags', 'versioning'],
  },
]);
const inSync = makeDrift(other, 'in_sync', [], '2024-05-03T03:00:00.000Z');

async function render(
  element: JSX.Element,
  options: {
    api: ReturnType<typeof fakeTfpilotApi>;
    allowed?: boolean;
    entity?: Entity;
  },
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [tfpilotApiRef, options.api],
        [
          permissionApiRef,
          mockApis.permission({
            authorize:
              options.allowed === false
                ? AuthorizeResult.DENY
                : AuthorizeResult.ALLOW,
          }),
        ],
      ]}
    >
      <EntityProvider entity={options.entity ?? checkoutEntity}>
        {element}
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/tfpilot': rootRouteRef } },
  );
}

describe('EntityTfpilotDriftCard', () => {
  it('shows the worst state, the last check and what drifted', async () => {
    const api = fakeTfpilotApi({ drift: [drifted, inSync] });
    await render(<EntityTfpilotDriftCard />, { api });

    expect(await screen.findByTestId('tfpilot-drift-state')).toHaveTextContent(
      'Drifted',
    );
    expect(api.listDrift).toHaveBeenCalledWith({
      entityRef: 'component:default/checkout',
    });
    expect(screen.getByText('1 of 2 applied requests drifted')).toBeVisible();
    expect(
      screen.getByText(/Last checked/).querySelector('time'),
    ).toHaveAttribute('title', '2024-05-03 03:00:00 UTC');
    const link = screen.getByRole('link', {
      name: 'object-bucket@1.0.0 in dev',
    });
    expect(link).toHaveAttribute('href', `/tfpilot/requests/${applied.id}`);
    expect(screen.getByText('module.bucket.aws_s3_bucket.this')).toBeVisible();
    expect(screen.getByText('update')).toBeVisible();
    expect(screen.getByText(/changed: tags, versioning/)).toBeVisible();
    // Requests in sync are counted, not listed.
    expect(screen.queryByText(/message-queue/)).not.toBeInTheDocument();
  });

  it('starts a check for people allowed tfpilot.drift.check', async () => {
    const api = fakeTfpilotApi({ drift: [inSync] });
    await render(<LegacyDriftCard />, { api, allowed: true });

    const button = await screen.findByRole('button', { name: 'Check now' });
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);

    expect(api.checkDrift).toHaveBeenCalledWith({
      entityRef: 'component:default/checkout',
    });
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Drift check started for 1 request; results show here when the runs finish.',
    );
    // The card reads the drift again.
    await waitFor(() => expect(api.listDrift).toHaveBeenCalledTimes(2));
  });

  it('lists drifted requests first and folds long lists', async () => {
    const items = Array.from({ length: 7 }, (_, i) =>
      makeDrift(
        makeRequest({
          status: 'applied',
          updatedAt: `2024-05-01T1${i}:00:00.000Z`,
          environment: `env${i}`,
        }),
        i === 6 ? 'drifted' : 'check_failed',
      ),
    );
    await render(<EntityTfpilotDriftCard />, {
      api: fakeTfpilotApi({ drift: items }),
    });

    const list = await screen.findByRole('list', {
      name: 'Requests not in sync',
    });
    const links = () =>
      within(list)
        .getAllByRole('link')
        .map(link => link.textContent);
    expect(links()).toHaveLength(5);
    expect(links()[0]).toBe('object-bucket@1.0.0 in env6');
    await userEvent.click(screen.getByRole('button', { name: 'Show 2 more' }));
    expect(links()).toHaveLength(7);
  });

  it('explains a check that could not start', async () => {
    const api = fakeTfpilotApi({ drift: [inSync] });
    api.checkDrift.mockRejectedValue(new Error('executor unavailable'));
    await render(<EntityTfpilotDriftCard />, { api });

    const button = await screen.findByRole('button', { name: 'Check now' });
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not start the drift check: executor unavailable.',
    );
  });

  it('renders nothing on an overview when nothing is applied, and says so in the tab', async () => {
    const api = fakeTfpilotApi({ drift: [] });
    const { container } = await render(
      <div data-testid="overview">
        <EntityTfpilotDriftCard />
      </div>,
      { api },
    );
    await waitFor(() => expect(api.listDrift).toHaveBeenCalled());
    await waitFor(() =>
      expect(screen.getByTestId('overview')).toBeEmptyDOMElement(),
    );
    container.remove();

    await render(<EntityTfpilotDriftCard hideWhenEmpty={false} />, {
      api: fakeTfpilotApi({ drift: [] }),
    });
    expect(
      await screen.findByText('Nothing applied yet, so nothing can drift.'),
    ).toBeVisible();
  });

  it('says what failed and what to do when the backend cannot answer', async () => {
    const api = fakeTfpilotApi({});
    api.listDrift.mockRejectedValue(
      await ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: { name: 'NotFoundError', message: 'no route /drift' },
            response: { statusCode: 404 },
          }),
          { status: 404, headers: { 'content-type': 'application/json' } },
        ),
      ),
    );
    await render(<EntityTfpilotDriftCard />, { api });

    expect(
      await screen.findByText(
        /Could not load the drift of this entity's infrastructure/,
      ),
    ).toBeVisible();
    expect(
      screen.getByText(/It does not exist, or it was removed/),
    ).toBeVisible();
    api.listDrift.mockResolvedValue({ items: [inSync] });
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByTestId('tfpilot-drift-state')).toHaveTextContent(
      'In sync',
    );
  });
});
