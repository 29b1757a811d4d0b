import { expect, test } from '@playwright/test';
// The seeding script is the README's, run by people too; the browser tests share it.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { seedRequests, SeedResult } from '../../../scripts/seed-requests';
import { BACKEND_URL, pageAs, screenshot, USERS } from './tfpilot/session';

// Browser tests of the request views against the running portal: requests
// seeded through the real API (and the object store for states an executor
// would produce), the real permission policy, the real backend.

let seed: SeedResult;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  seed = await seedRequests({ backendUrl: BACKEND_URL, extra: 30 });
});

const list = (query: string) => `/tfpilot/requests?${query}`;
const rows = (page: import('@playwright/test').Page) =>
  page.locator('table').first().locator('tbody tr');

test('lists requests, filters them on the server and pages with cursors', async ({
  browser,
}) => {
  const page = await pageAs(browser);
  await page.goto(
    list(`entityRef=${encodeURIComponent(seed.pagingEntityRef)}&limit=25`),
  );
  await expect(rows(page)).toHaveCount(25);
  await expect(page.getByText('Page 1 · 25 shown')).toBeVisible();
  await screenshot(page, 'requests-list');

  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('Page 2 · 5 shown')).toBeVisible();
  await expect(page).toHaveURL(/cursor=/);
  await expect(page.getByRole('button', { name: 'Next' })).toBeDisabled();
  await page.getByRole('button', { name: 'Previous' }).click();
  await expect(page.getByText('Page 1 · 25 shown')).toBeVisible();

  // A filter typed in the page goes to the URL (shareable) and the backend.
  const environment = page.getByRole('textbox', { name: 'Environment' });
  await environment.fill('prod');
  await environment.press('Enter');
  await expect(page).toHaveURL(/environment=prod/);
  await expect(rows(page)).toHaveCount(10);
  for (const cell of await rows(page).locator('td:nth-child(2)').all()) {
    await expect(cell).toHaveText('prod');
  }
  await screenshot(page, 'requests-list-filtered');

  // The link is shareable: the same URL in a new page shows the same list.
  const shared = await pageAs(browser);
  await shared.goto(page.url());
  await expect(rows(shared)).toHaveCount(10);
});

test('opens a request: header, plan summary, cost, policies and timeline', async ({
  browser,
}) => {
  const page = await pageAs(browser);
  await page.goto(
    list(
      `entityRef=${encodeURIComponent(
        seed.entityRef,
      )}&status=awaiting_approval&environment=dev`,
    ),
  );
  await expect(rows(page)).toHaveCount(1);
  await page.getByRole('link', { name: 'object-bucket@1.0.0' }).click();
  await expect(page).toHaveURL(
    new RegExp(`/tfpilot/requests/${seed.requests.awaitingApproval}$`),
  );

  const header = page.getByRole('region', { name: 'Request' });
  await expect(
    header.getByRole('heading', { name: 'object-bucket@1.0.0' }),
  ).toBeVisible();
  await expect(header.getByText('awaiting approval')).toBeVisible();
  // Plan summary of the real plan file: the delete is listed first and marked.
  await expect(
    page.getByText(
      'Plan: 1 to create, 1 to update, 0 to replace, 1 to delete (0 reads, 1 unchanged)',
    ),
  ).toBeVisible();
  await expect(
    page.locator('table').first().locator('tbody tr').first(),
  ).toContainText('delete (destructive)');
  await expect(page.getByText('−$742.64')).toBeVisible();
  await expect(page.getByText('sandbox-budget')).toBeVisible();
  // Timeline from the events.
  const timeline = page.getByTestId('timeline-event');
  await expect(timeline).toHaveCount(4);
  await expect(timeline.nth(2)).toContainText('Planned');
  await expect(timeline.nth(2)).toContainText('github executor');
  await expect(
    page.getByRole('link', { name: /pull request #/ }),
  ).toHaveAttribute('href', /github\.com\/acme\/infra-live\/pull\//);
  await screenshot(page, 'request-detail');
});

test('the same request shows a Viewer no actions it may take, and lets an Approver approve it', async ({
  browser,
}) => {
  const path = `/tfpilot/requests/${seed.requests.awaitingApproval}`;

  const viewer = await pageAs(browser, USERS.viewer);
  await viewer.goto(path);
  const viewerActions = viewer.getByLabel('Actions');
  await expect(
    viewerActions.getByRole('button', { name: 'Approve' }),
  ).toBeDisabled();
  await expect(viewerActions.getByTestId('action-approve')).toHaveAttribute(
    'title',
    /tfpilot\.request\.approve/,
  );
  await expect(
    viewerActions.getByRole('button', { name: 'Plan' }),
  ).toBeDisabled();
  await expect(
    viewerActions.getByRole('button', { name: 'Cancel request' }),
  ).toBeDisabled();
  await expect(
    viewer.getByText('Your role can read this request but not change it.'),
  ).toBeVisible();
  await screenshot(viewer, 'request-as-viewer');

  const approver = await pageAs(browser, USERS.approver);
  await approver.goto(path);
  const approve = approver
    .getByLabel('Actions')
    .getByRole('button', { name: 'Approve' });
  await expect(approve).toBeEnabled();
  await expect(
    approver.getByLabel('Actions').getByRole('button', { name: 'Plan' }),
  ).toBeEnabled();
  await screenshot(approver, 'request-as-approver');

  await approve.click();
  const dialog = approver.getByRole('dialog');
  await expect(
    dialog.getByText(
      /Approves the latest plan: 1 to create, 1 to update, 0 to replace, 1 to delete/,
    ),
  ).toBeVisible();
  await expect(dialog.getByText(/−\$742\.64/)).toBeVisible();
  await screenshot(approver, 'approve-dialog');
  await dialog.getByLabel('Comment').fill('Approved in the browser test');
  await dialog.getByRole('button', { name: 'Approve' }).click();
  await expect(dialog).toBeHidden();

  const header = approver.getByRole('region', { name: 'Request' });
  await expect(header.getByText('approved', { exact: true })).toBeVisible();
  const last = approver.getByTestId('timeline-event').last();
  await expect(last).toContainText('Approved');
  await expect(last).toContainText('Approved in the browser test');

  // The viewer's page follows (signal or reload) and still offers nothing.
  await viewer.reload();
  await expect(
    viewer.getByRole('region', { name: 'Request' }).getByText('approved', {
      exact: true,
    }),
  ).toBeVisible();
  await expect(
    viewer.getByLabel('Actions').getByRole('button', { name: 'Apply' }),
  ).toBeDisabled();
});

test('a request blocked by policy: an Approver cannot approve it, an Admin can with a reason', async ({
  browser,
}) => {
  const path = `/tfpilot/requests/${seed.requests.blockedByPolicy}`;

  const approver = await pageAs(browser, USERS.approver);
  await approver.goto(path);
  await expect(approver.getByText('protected-data')).toBeVisible();
  const actions = approver.getByLabel('Actions');
  await expect(actions.getByRole('button', { name: 'Approve' })).toBeDisabled();
  await expect(actions.getByTestId('action-approve')).toHaveAttribute(
    'title',
    /blocking policy finding/,
  );

  // The guest is TfPilot's Admin in the embedded default.
  const admin = await pageAs(browser);
  await admin.goto(path);
  await admin
    .getByLabel('Actions')
    .getByRole('button', { name: 'Approve' })
    .click();
  const dialog = admin.getByRole('dialog');
  await expect(dialog.getByText(/1 blocking policy finding/)).toBeVisible();
  await dialog.getByRole('checkbox').check();
  const submit = dialog.getByRole('button', { name: 'Approve anyway' });
  await expect(submit).toBeDisabled();
  await dialog
    .getByLabel(/Reason for approving anyway/)
    .fill('Deleting test_instance.foo is intended');
  await screenshot(admin, 'approve-anyway-dialog');
  await submit.click();
  await expect(admin.getByTestId('policy-bypass')).toContainText(
    'Deleting test_instance.foo is intended',
  );
  await expect(
    admin.getByRole('region', { name: 'Request' }).getByText('approved', {
      exact: true,
    }),
  ).toBeVisible();
});

test('a running apply shows its run, elapsed time and progress', async ({
  browser,
}) => {
  const page = await pageAs(browser);
  await page.goto(`/tfpilot/requests/${seed.requests.applying}`);
  const running = page.getByTestId('running-run');
  await expect(running).toContainText(
    /apply run seed-apply-.* on github running for/,
  );
  await expect(running.getByRole('progressbar')).toBeVisible();
  await expect(page.getByRole('status')).toContainText('A run is in progress');
  await screenshot(page, 'request-applying');
});

test('the metrics dashboard shows totals and distributions', async ({
  browser,
}) => {
  const page = await pageAs(browser);
  await page.goto('/tfpilot/metrics');
  await expect(
    page.getByRole('img', { name: 'Requests by status' }),
  ).toBeVisible();
  await expect(
    page.getByRole('table', { name: 'By environment' }),
  ).toContainText('prod');
  await expect(page.getByRole('table', { name: 'By module' })).toContainText(
    'object-bucket',
  );
  await screenshot(page, 'metrics');
});
