import { defineConfig } from '@playwright/test';

// Browser test of the running portal, driven in Debian's Chromium (Playwright
// cannot download its own browsers here). scripts/test.sh exports TFPILOT_CHROMIUM.
const yarn = 'node .yarn/releases/yarn-4.13.0.cjs';
const reuse = !process.env.CI;

export default defineConfig({
  timeout: 120_000,
  expect: { timeout: 30_000 },
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  workers: 1,
  // Start the portal exactly as the README's first command does, unless one
  // is already running (locally) or PLAYWRIGHT_URL points elsewhere.
  webServer: process.env.PLAYWRIGHT_URL
    ? []
    : [
        {
          command: `mkdir -p .tfpilot/sqlite .tfpilot/objects && ${yarn} workspace backend start`,
          url: 'http://localhost:7007/api/tfpilot/health',
          reuseExistingServer: reuse,
          timeout: 300_000,
          stdout: 'ignore',
          stderr: 'pipe',
        },
        {
          command: `${yarn} workspace app start`,
          url: 'http://localhost:3000',
          reuseExistingServer: reuse,
          timeout: 300_000,
          stdout: 'ignore',
          stderr: 'pipe',
        },
      ],
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: '.test-output/e2e-report' }],
  ],
  outputDir: '.test-output/e2e-results',
  use: {
    baseURL: process.env.PLAYWRIGHT_URL ?? 'http://localhost:3000',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.TFPILOT_CHROMIUM ?? '/usr/bin/chromium',
      // No background traffic: this machine has no network beyond loopback.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'app', testDir: 'packages/app/e2e-tests' }],
});
