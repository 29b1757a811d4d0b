import { Browser, expect, Page } from '@playwright/test';
import { resolve } from 'node:path';

/** Git-ignored; kept by CI as evidence of what a person sees. */
export const SCREENSHOTS = resolve(
  __dirname,
  '../../../../.test-output/screenshots',
);

/** The backend the portal talks to (for seeding; the browser goes through the app). */
export const BACKEND_URL =
  process.env.TFPILOT_BACKEND_URL ?? 'http://localhost:7007';

/** Demo users of examples/org.yaml, one per role (the guest is Admin). */
export const USERS = {
  viewer: 'user:default/vera',
  developer: 'user:default/dan',
  approver: 'user:default/alice',
} as const;

/**
 * Signs in through the app's own sign-in page. The portal offers guest
 * sign-in only; to be someone else, the guest provider's token request
 * (`/api/auth/guest/refresh`) is answered by the development-users provider
 * (`/api/auth/development/refresh`, development only, users listed in
 * `auth.providers.development.users`) for the user named in its header. The
 * app then holds a real token for that user, issued by the real auth
 * backend, and every decision that follows is the real permission policy's.
 */
export async function signIn(page: Page, user?: string): Promise<void> {
  if (user) {
    await page.route('**/api/auth/guest/refresh**', async route => {
      const request = route.request();
      const response = await route.fetch({
        url: request
          .url()
          .replace('/api/auth/guest/', '/api/auth/development/'),
        headers: {
          ...request.headers(),
          'x-tfpilot-development-user': user,
        },
      });
      if (!response.ok()) {
        throw new Error(
          `development sign-in as ${user} failed (${response.status()}): is auth.providers.development configured and NODE_ENV=development? ${await response.text()}`,
        );
      }
      await route.fulfill({ response });
    });
  }
  await page.goto('/');
  const enter = page.getByRole('button', { name: 'Enter' });
  await enter.click();
  await expect(enter).toBeHidden();
}

/** A fresh browser context signed in as `user` (the guest when undefined). */
export async function pageAs(browser: Browser, user?: string): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1400, height: 1000 },
  });
  const page = await context.newPage();
  await signIn(page, user);
  return page;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({
    path: resolve(SCREENSHOTS, `${name}.png`),
    fullPage: true,
  });
}
