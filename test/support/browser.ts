/**
 * Test harness: open an HTML string or file in the system Chromium (Debian package, driven by
 * playwright-core — no browser download) with every non-`file:`/`data:` request blocked and recorded,
 * and collect console errors and uncaught page errors.
 *
 *   test("report renders", chromiumTestOptions(), async () => {
 *     await withPage({ file: "test-output/report.html" }, async (p) => {
 *       assert.deepEqual(p.consoleErrors, []);
 *     });
 *   });
 *
 * With CI=true a missing Chromium is a test failure (with an install hint), never a silent skip.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { isCi } from "./ci";

/** Flags for a hermetic, quiet headless Chromium inside a container running as root. */
export const CHROMIUM_ARGS: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
  "--disable-default-apps",
  "--disable-extensions",
  "--metrics-recording-only",
  // Belt and braces: even if something escaped request routing, no host name resolves.
  "--host-resolver-rules=MAP * ~NOTFOUND",
];

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

/** Path of the Chromium to use: $CHROMIUM_PATH if set, else the Debian package's binary, if present. */
export function chromiumPath(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  return CANDIDATES.find((p) => existsSync(p));
}

export function chromiumAvailable(): boolean {
  return chromiumPath() !== undefined;
}

function missingMessage(): string {
  const where = process.env.CHROMIUM_PATH ?? CANDIDATES.join(" or ");
  return `Chromium not found at ${where}; install it with \`apt-get install -y chromium\` (or set CHROMIUM_PATH)`;
}

/**
 * Options for `test(name, chromiumTestOptions(), fn)`: skip with a reason when Chromium is missing on a
 * developer machine; run (and so fail with a clear message in `openInChromium`) when CI=true.
 */
export function chromiumTestOptions(): { skip?: string } {
  if (chromiumAvailable() || isCi()) return {};
  return { skip: `${missingMessage()} — skipped locally; with CI=true this fails` };
}

export interface OpenOptions {
  /** Viewport size (default 1280×900). */
  viewport?: { width: number; height: number };
  /** Emulated media, e.g. "print" to check print styles (default "screen"). */
  media?: "screen" | "print";
  /** Navigation / launch timeout in ms (default 30 000). */
  timeoutMs?: number;
}

export interface OpenedPage {
  /** The Playwright page, for locators, `boundingBox()` and the like. */
  page: Page;
  /** Text of `console.error` messages (this includes CSP violations and failed resource loads). */
  consoleErrors: string[];
  /** Uncaught exceptions thrown by scripts on the page. */
  pageErrors: string[];
  /** Requests that were blocked (anything but file:/data:) or failed, as "URL (reason)". */
  failedRequests: string[];
  screenshot(path: string, opts?: { fullPage?: boolean }): Promise<void>;
  evaluate<T>(fn: () => T | Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Source to open: `{ html }` (loaded via `setContent`, page URL about:blank), `{ file }` (loaded via
 * file://), or a bare string — HTML markup if it starts with `<`, otherwise a file path.
 */
export type PageSource = string | { html: string } | { file: string };

function normalise(source: PageSource): { html: string } | { file: string } {
  if (typeof source !== "string") return source;
  return source.trimStart().startsWith("<") ? { html: source } : { file: source };
}

/** Launch Chromium (a fresh temporary profile each time) and open the page. Remember to `close()`. */
export async function openInChromium(source: PageSource, opts: OpenOptions = {}): Promise<OpenedPage> {
  const executablePath = chromiumPath();
  if (executablePath === undefined) throw new Error(missingMessage());
  const timeout = opts.timeoutMs ?? 30_000;
  const src = normalise(source);
  if ("file" in src && !existsSync(src.file)) throw new Error(`no such file to open: ${src.file}`);

  // playwright's launch() creates and later deletes its own temporary --user-data-dir.
  const browser: Browser = await chromium.launch({
    executablePath,
    headless: true,
    args: [...CHROMIUM_ARGS],
    timeout,
  });
  try {
    const context: BrowserContext = await browser.newContext({
      viewport: opts.viewport ?? { width: 1280, height: 900 },
      serviceWorkers: "block",
      offline: true,
    });
    const consoleErrors: string[] = [];
    const pageErrors: string[] = [];
    const failedRequests: string[] = [];

    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith("file:") || url.startsWith("data:")) return route.continue();
      failedRequests.push(`${url} (blocked: remote request)`);
      return route.abort("blockedbyclient");
    });
    await context.routeWebSocket(
      () => true,
      (ws) => {
        failedRequests.push(`${ws.url()} (blocked: websocket)`);
        return ws.close();
      },
    );

    const page = await context.newPage();
    page.setDefaultTimeout(timeout);
    page.on("console", (msg) => {
      if (msg.type() === "error") consoleErrors.push(msg.text());
    });
    page.on("pageerror", (err) => pageErrors.push(err.stack ?? String(err)));
    page.on("requestfailed", (req) => {
      const url = req.url();
      const reason = req.failure()?.errorText ?? "failed";
      // Blocked requests were already recorded with a clearer reason by the route handler.
      if (!failedRequests.some((f) => f.startsWith(`${url} (blocked`)))
        failedRequests.push(`${url} (${reason})`);
    });
    if (opts.media) await page.emulateMedia({ media: opts.media });

    if ("html" in src) await page.setContent(src.html, { waitUntil: "load", timeout });
    else await page.goto(pathToFileURL(resolve(src.file)).href, { waitUntil: "load", timeout });

    return {
      page,
      consoleErrors,
      pageErrors,
      failedRequests,
      async screenshot(path, shotOpts) {
        await page.screenshot({ path, fullPage: shotOpts?.fullPage ?? true });
      },
      evaluate: (fn) => page.evaluate(fn),
      async close() {
        await browser.close();
      },
    };
  } catch (err) {
    await browser.close().catch(() => {});
    throw err;
  }
}

/** Open, run `fn`, and always close the browser. */
export async function withPage<T>(
  source: PageSource,
  fn: (page: OpenedPage) => Promise<T>,
  opts?: OpenOptions,
): Promise<T> {
  const opened = await openInChromium(source, opts);
  try {
    return await fn(opened);
  } finally {
    await opened.close();
  }
}
