import { APIRequestContext, expect, Page, test } from '@playwright/test';
import { guestToken } from './entitySupport';
import { BACKEND_URL, screenshot, signIn } from './tfpilot/session';

/** The request the form created, found by its unique name. */
async function findRequestByName(
  request: APIRequestContext,
  name: string,
): Promise<{ id: string; status: string }> {
  const headers = { Authorization: `Bearer ${await guestToken(request)}` };
  let found: { id: string; status: string } | undefined;
  await expect(async () => {
    const response = await request.get(`${BACKEND_URL}/api/tfpilot/requests`, {
      headers,
      params: { entityRef: 'component:default/tfpilot-portal', limit: 20 },
    });
    const page = (await response.json()) as {
      items: { id: string; status: string; inputs: { name?: unknown } }[];
    };
    found = page.items.find(item => item.inputs.name === name);
    expect(found).toBeDefined();
  }).toPass({ timeout: 60_000 });
  return found ?? { id: '', status: '' };
}

/** Picks `option` in the MUI select labelled `label`. */
async function select(page: Page, label: RegExp, option: string) {
  await page.getByRole('button', { name: label }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** Adds one entry to a key/value (map) field of the generated form. */
async function addMapEntry(page: Page, key: string, value: string) {
  await page.getByTitle('Add Item').click();
  const keyField = page.locator('input[id$="_newKey-key"]');
  await keyField.fill(key);
  await keyField.blur();
  await page.locator(`input[id$="_tags_${key}"]`).fill(value);
}

// Tall enough for the overview's info column (About, then the cost card).
test.use({ viewport: { width: 1400, height: 1000 } });

test('browse the module catalog, open a module, request it and land on the request', async ({
  page,
  request,
}) => {
  test.setTimeout(240_000);
  await signIn(page);

  // The module catalog is the "Modules" tab of TfPilot's page.
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'TfPilot', exact: true })
    .click();
  await page.getByRole('tab', { name: 'Modules' }).click();
  await expect(page).toHaveURL(/\/tfpilot\/modules$/);
  const cards = page.getByTestId('tfpilot-module-card');
  await expect(cards.first()).toBeVisible();
  expect(await cards.count()).toBeGreaterThanOrEqual(7); // the repository's modules

  await page.getByRole('textbox', { name: 'Search modules' }).fill('bucket');
  await page.getByRole('button', { name: /Provider/ }).click();
  await page.getByRole('option', { name: 'aws', exact: true }).click();
  await expect(cards).toHaveCount(1);
  const bucket = page.getByRole('article', { name: 'Object storage bucket' });
  await expect(bucket).toContainText('object-bucket 1.0.0');
  await screenshot(page, 'module-catalog');

  // Its page: the Terraform tab of the module version's entity.
  await bucket.getByRole('button', { name: 'Details' }).click();
  await expect(page).toHaveURL(
    /\/catalog\/default\/component\/object-bucket-1\.0\.0\/terraform$/,
  );
  await expect(page.getByText('5 variables, 3 required')).toBeVisible();
  const inputs = page
    .getByRole('table')
    .filter({ hasText: 'noncurrent_version_expiration_days' });
  for (const name of ['environment', 'name', 'tags', 'versioning']) {
    await expect(inputs.getByText(name, { exact: true })).toBeVisible();
  }
  await expect(
    inputs.getByRole('row').filter({ hasText: 'tags' }).first(),
  ).toContainText('map(string)');
  await screenshot(page, 'module-page');

  // "Request this module": the generated Template, version filled in.
  await page.getByRole('button', { name: 'Request this module' }).click();
  await expect(page).toHaveURL(/\/create\/templates\/default\/object-bucket/);
  await expect(page.getByRole('button', { name: /Module version/ })).toHaveText(
    /1\.0\.0/,
  );
  const forField = page.getByRole('textbox', { name: 'For' });
  await forField.click();
  await forField.fill('portal');
  await page.getByRole('option', { name: 'TfPilot portal' }).click();
  await select(page, /Environment/, 'dev');
  await page.getByRole('button', { name: 'Next' }).click();

  const name = `e2e-bucket-${Date.now().toString(36)}`;
  await select(page, /^environment/, 'dev');
  await page.getByRole('textbox', { name: 'name' }).fill(name);
  await addMapEntry(page, 'owner', 'team-portal');
  await addMapEntry(page, 'cost-center', 'cc-1234');
  await screenshot(page, 'module-request-form');
  await page.getByRole('button', { name: 'Next' }).click();
  // Optional inputs keep the module's defaults.
  await expect(
    page.getByText('noncurrent_version_expiration_days'),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Review' }).click();
  await expect(page.getByText(name)).toBeVisible(); // the review
  await page.getByRole('button', { name: 'Create' }).click();

  // The task creates the request through tfpilot:request:create, which
  // starts its plan (generated templates set `plan: true`), and waits for the
  // plan; the local executor has no cloud provider to plan with, so the plan
  // fails and the task ends.
  const created = await findRequestByName(request, name);

  const openRequest = page.getByRole('link', { name: 'Open the request' });
  await expect(openRequest).toBeVisible({ timeout: 180_000 });
  await openRequest.click();
  await expect(page).toHaveURL(new RegExp(`/tfpilot/requests/${created.id}$`));
  await expect(page.getByText(created.id).first()).toBeVisible();
  await expect(page.getByText('object-bucket').first()).toBeVisible();
  await screenshot(page, 'module-request-created');
});
