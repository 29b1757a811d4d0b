import { expect, test } from '@playwright/test';
import { screenshot } from './tfpilot/session';

test('a guest signs in and opens TfPilot, which shows the requests', async ({
  page,
}) => {
  await page.goto('/');

  await page.getByRole('button', { name: 'Enter' }).click();

  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  const tfpilotLink = nav.getByRole('link', { name: 'TfPilot', exact: true });
  await expect(tfpilotLink).toBeVisible();
  await tfpilotLink.click();

  // /tfpilot opens its first tab, the requests, read from the real backend
  // through the app's fetch API.
  await expect(page).toHaveURL(/\/tfpilot\/requests$/);
  await expect(page.getByRole('tab', { name: 'Requests' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Requests' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Filters' })).toBeVisible();

  await screenshot(page, 'tfpilot-page');
});
