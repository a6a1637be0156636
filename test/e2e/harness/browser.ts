// Debian's Chromium driven by playwright-core, with a fresh profile for each run.
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { onCleanup } from './cleanup';
import { chromiumPath, freshDir } from './paths';

const CHROMIUM_ARGS = [
  '--no-sandbox', // runs as root in CI
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function openBrowser(name: string): Promise<Browser> {
  const profile = freshDir(name, 'browser-profile');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 900 },
    timeout: 30_000,
  });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    unregister();
    await context.close().catch(() => undefined);
  };
  const unregister = onCleanup(close);
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page, close };
}
