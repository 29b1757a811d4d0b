import { APIRequestContext, expect, Page } from '@playwright/test';
import { BACKEND_URL } from './tfpilot/session';

/**
 * Moves inside the single-page app without reloading it (a reload would
 * sign the guest out), as a link would.
 */
export async function navigate(page: Page, path: string): Promise<void> {
  // The app is ready once its sidebar shows; a move before that can be
  // undone by the redirect that follows sign-in, so check it held.
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'TfPilot', exact: true }),
  ).toBeVisible();
  await expect(async () => {
    await page.evaluate(target => {
      if (window.location.pathname !== target) {
        window.history.pushState({}, '', target);
        window.dispatchEvent(new PopStateEvent('popstate'));
      }
    }, path);
    await page.waitForTimeout(500);
    expect(new URL(page.url()).pathname).toBe(path);
  }).toPass({ timeout: 30_000 });
}

/** A guest token, as the sign-in page gets one (the guest is Admin). */
export async function guestToken(request: APIRequestContext): Promise<string> {
  const response = await request.get(`${BACKEND_URL}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  expect(response.ok()).toBeTruthy();
  const body = (await response.json()) as {
    backstageIdentity: { token: string };
  };
  return body.backstageIdentity.token;
}
