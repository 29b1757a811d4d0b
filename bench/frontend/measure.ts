/**
 * One page, measured in Chromium as a person meets it: signed in (guest),
 * the URL opened directly, timed from navigation start until the page's
 * first data row is in the DOM. Cold runs use a fresh browser context
 * (empty HTTP cache, as on a first visit); warm runs reload in the same
 * context (the app's chunks cached, as on a later visit).
 */
import { Browser, BrowserContext } from '@playwright/test';

export interface Target {
  name: string;
  /** Path and query of the page. */
  path: string;
  /** CSS selector of the first data row's link: the page has rendered its data. */
  selector: string;
  /** The page's location (`location.pathname`); matches elsewhere do not count. */
  pathname: RegExp;
  /** The API call the page's data comes from, to time it in the browser. */
  api: RegExp;
}

export interface LoadSample {
  /** Navigation start → first data row in the DOM, ms. */
  firstRender: number;
  /** First contentful paint, ms. */
  firstContentfulPaint?: number;
  /** The data's API call as the browser saw it (start → end), ms. */
  apiCall?: number;
}

export interface ScriptLoad {
  url: string;
  /** Bytes on the wire (compressed when the server compressed). */
  transferred: number;
  /** Bytes of JavaScript after decompression. */
  decoded: number;
}

export interface PageResult {
  target: Target;
  cold: LoadSample[];
  warm: LoadSample[];
  /** Scripts of the first cold load, in load order. */
  scripts: ScriptLoad[];
}

/**
 * Records, in the page, when each selector first matches (a mutation
 * observer: no polling delay); `__benchFirstRender` is the first selector's.
 */
function observerScript(targets: Target[]): string {
  const selectors = targets.map(t => t.selector);
  const paths = targets.map(t => t.pathname.source);
  return `(() => {
    const selectors = ${JSON.stringify(selectors)};
    const paths = ${JSON.stringify(paths)}.map(p => new RegExp(p));
    window.__benchSeen = {};
    const seen = () => {
      for (const [i, selector] of selectors.entries()) {
        if (
          window.__benchSeen[selector] === undefined &&
          paths[i].test(location.pathname) &&
          document.querySelector(selector)
        ) {
          window.__benchSeen[selector] = performance.now();
          if (selector === selectors[0]) window.__benchFirstRender = window.__benchSeen[selector];
        }
      }
    };
    new MutationObserver(seen).observe(document, { childList: true, subtree: true });
  })();`;
}

async function sample(
  context: BrowserContext,
  baseUrl: string,
  target: Target,
  scripts?: ScriptLoad[],
): Promise<LoadSample> {
  const page = await context.newPage();
  const pending: Promise<void>[] = [];
  if (scripts) {
    page.on('response', response => {
      if (response.request().resourceType() !== 'script') return;
      pending.push(
        (async () => {
          const sizes = await response.request().sizes();
          const body = await response.body().catch(() => Buffer.alloc(0));
          scripts.push({
            url: response.url(),
            transferred: sizes.responseBodySize,
            decoded: body.length,
          });
        })(),
      );
    });
  }
  await page.addInitScript(observerScript([target]));
  await page.goto(`${baseUrl}${target.path}`);
  await page.waitForFunction(
    () =>
      (window as unknown as { __benchFirstRender?: number })
        .__benchFirstRender !== undefined,
    undefined,
    { timeout: 120_000, polling: 100 },
  );
  const api = target.api.source;
  const result = await page.evaluate(apiSource => {
    const w = window as unknown as { __benchFirstRender: number };
    const paint = performance
      .getEntriesByType('paint')
      .find(e => e.name === 'first-contentful-paint');
    const call = (
      performance.getEntriesByType('resource') as PerformanceResourceTiming[]
    ).find(e => new RegExp(apiSource).test(e.name));
    return {
      firstRender: w.__benchFirstRender,
      firstContentfulPaint: paint?.startTime,
      apiCall: call ? call.responseEnd - call.startTime : undefined,
    };
  }, api);
  await Promise.all(pending);
  await page.close();
  return result;
}

/** Signs in as the guest once; the storage state is reused by every run. */
export async function guestStorageState(
  browser: Browser,
  baseUrl: string,
): Promise<Awaited<ReturnType<BrowserContext['storageState']>>> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${baseUrl}/`);
  const enter = page.getByRole('button', { name: 'Enter' });
  await enter.click();
  await enter.waitFor({ state: 'hidden', timeout: 120_000 });
  const state = await context.storageState();
  await context.close();
  return state;
}

export async function measurePage(
  browser: Browser,
  baseUrl: string,
  storageState: Awaited<ReturnType<BrowserContext['storageState']>>,
  target: Target,
  runs: number,
): Promise<PageResult> {
  const result: PageResult = { target, cold: [], warm: [], scripts: [] };
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext({
      storageState,
      viewport: { width: 1400, height: 1000 },
    });
    result.cold.push(
      await sample(
        context,
        baseUrl,
        target,
        run === 0 ? result.scripts : undefined,
      ),
    );
    result.warm.push(await sample(context, baseUrl, target));
    await context.close();
  }
  return result;
}

/**
 * In-app navigation: the app already loaded on `from`, a click on the
 * sidebar link named `linkName`, timed until `to`'s first data row is in the
 * DOM. The first run of each fresh context loads `to`'s chunks; the others
 * find them cached.
 */
export async function measureNavigation(
  browser: Browser,
  baseUrl: string,
  storageState: Awaited<ReturnType<BrowserContext['storageState']>>,
  from: Target,
  to: Target,
  linkName: string,
  runs: number,
): Promise<number[]> {
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext({
      storageState,
      viewport: { width: 1400, height: 1000 },
    });
    const page = await context.newPage();
    await page.addInitScript(observerScript([from, to]));
    await page.goto(`${baseUrl}${from.path}`);
    await page.waitForFunction(
      selector =>
        (window as unknown as { __benchSeen: Record<string, number> })
          .__benchSeen[selector] !== undefined,
      from.selector,
      { timeout: 120_000, polling: 100 },
    );
    const link = page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: linkName, exact: true });
    const start = await page.evaluate(() => performance.now());
    await link.click();
    await page.waitForFunction(
      selector =>
        (window as unknown as { __benchSeen: Record<string, number> })
          .__benchSeen[selector] !== undefined,
      to.selector,
      { timeout: 120_000, polling: 100 },
    );
    const end = await page.evaluate(
      selector =>
        (window as unknown as { __benchSeen: Record<string, number> })
          .__benchSeen[selector],
      to.selector,
    );
    samples.push(end - start);
    await context.close();
  }
  return samples;
}
