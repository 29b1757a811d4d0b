import { expect, test } from '@playwright/test';
import { resolve } from 'node:path';

// Git-ignored; kept by CI as evidence of what a person sees.
const screenshotDir = resolve(__dirname, '../../../.test-output/screenshots');

test('a guest signs in and opens the TfPilot page', async ({ page }) => {
  await page.goto('/');

  await page.getByRole('button', { name: 'Enter' }).click();

  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  const tfpilotLink = nav.getByRole('link', { name: 'TfPilot', exact: true });
  await expect(tfpilotLink).toBeVisible();
  await tfpilotLink.click();

  await expect(page).toHaveURL(/\/tfpilot$/);
  await expect(
    page.getByRole('heading', { name: 'TfPilot' }).first(),
  ).toBeVisible();
  // The page asks the real backend for its health through the app's fetch API.
  await expect(page.getByText('TfPilot backend is running')).toBeVisible();

  await page.screenshot({
    path: resolve(screenshotDir, 'tfpilot-page.png'),
    fullPage: true,
  });
});
