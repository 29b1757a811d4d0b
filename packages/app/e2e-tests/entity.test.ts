import { expect, test } from '@playwright/test';
import {
  expectedMonthlyCost,
  seedEntityInfrastructure,
} from './seedEntityInfrastructure';
import { navigate } from './entitySupport';
import { pageAs, screenshot, signIn, USERS } from './tfpilot/session';

// The portal's own catalog entry (catalog-info.yaml): a real Component.
const ENTITY_REF = 'component:default/tfpilot-portal';
const ENTITY_PATH = '/catalog/default/component/tfpilot-portal';

// Tall enough for the overview's info column (About, then the cost card).
test.use({ viewport: { width: 1400, height: 1000 } });

test('an entity page shows the drift and cost of its infrastructure, and its requests', async ({
  page,
  request,
}) => {
  const seeded = await seedEntityInfrastructure(request, ENTITY_REF);
  const total = await expectedMonthlyCost(request, ENTITY_REF);
  const money = new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: 'USD',
  }).format(total);

  await signIn(page);
  await navigate(page, ENTITY_PATH);

  // Overview: the cost card sums the applied requests, with its chart ...
  await expect(page.getByTestId('tfpilot-cost-total')).toHaveText(money);
  await expect(
    page.getByRole('img', { name: /^Monthly cost over time/ }),
  ).toBeVisible();
  // ... and the drift card says what drifted.
  await expect(page.getByTestId('tfpilot-drift-state')).toHaveText(/Drifted/);
  const drifted = page.getByRole('list', {
    name: /Drifted resources of object-bucket@1\.0\.0 in dev/,
  });
  await expect(drifted.first()).toContainText(seeded.driftedAddress);
  await expect(drifted.first()).toContainText('changed: tags, versioning');
  await expect(
    page.getByRole('link', { name: 'object-bucket@1.0.0 in dev' }).first(),
  ).toHaveAttribute('href', /\/tfpilot\/requests\/[0-9a-z]{26}$/);
  await screenshot(page, 'entity-overview-cards');

  // The guest administers the sandbox, so "check now" is offered.
  const checkNow = page.getByRole('button', { name: 'Check now' });
  await expect(checkNow).toBeEnabled();

  // The Terraform tab: every request of the entity, newest first.
  await page.getByRole('link', { name: 'Terraform', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`${ENTITY_PATH}/terraform$`));
  const table = page.getByRole('table').first();
  for (const id of [seeded.awaiting, seeded.inSync, seeded.drifted]) {
    await expect(table.getByRole('link', { name: id })).toHaveAttribute(
      'href',
      `/tfpilot/requests/${id}`,
    );
  }
  await expect(
    table.getByRole('row').filter({ hasText: seeded.awaiting }),
  ).toContainText('awaiting approval');
  await expect(
    table.getByRole('row').filter({ hasText: seeded.drifted }),
  ).toContainText('$23.00');
  await screenshot(page, 'entity-terraform-tab');

  // "Check now" asks the backend for a check of every applied request.
  await page.getByRole('button', { name: 'Check now' }).first().click();
  await expect(page.getByRole('status').first()).toHaveText(
    /Drift check started for \d+ requests?|Nothing to check/,
  );

  // A request link opens the request's page.
  await table.getByRole('link', { name: seeded.drifted }).click();
  await expect(page).toHaveURL(
    new RegExp(`/tfpilot/requests/${seeded.drifted}$`),
  );
  await expect(page.getByText(seeded.drifted).first()).toBeVisible();
});

test('a viewer sees the drift but is told why it cannot check it now', async ({
  browser,
  request,
}) => {
  await seedEntityInfrastructure(request, ENTITY_REF);
  const page = await pageAs(browser, USERS.viewer);
  await navigate(page, ENTITY_PATH);

  await expect(page.getByTestId('tfpilot-drift-state')).toHaveText(/Drifted/);
  await expect(page.getByRole('button', { name: 'Check now' })).toBeDisabled();
  await expect(
    page.getByText(/Checking drift needs the tfpilot\.drift\.check permission/),
  ).toBeVisible();
  await screenshot(page, 'entity-drift-card-viewer');
});
