// Starts code-server (real VS Code in a browser) on 127.0.0.1 with fresh user-data,
// extensions and config folders, in its own process group, and stops the whole group.
import { execFile, spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { promisify } from 'util';
import { killProcessGroup, onCleanup, processGroupAlive, trackProcessGroup } from './cleanup';
import { codeServerBin, freshDir } from './paths';

const execFileAsync = promisify(execFile);

export interface CodeServer {
  url: string;
  /** Authority of vscode-remote:// URIs as the browser sees them. */
  authority: string;
  logFile: string;
  stop(): Promise<void>;
}

export interface CodeServerOptions {
  /** Names the folder under .test-output/e2e/ that holds this instance's state and log. */
  name: string;
  /** A .vsix to install before starting. */
  vsix?: string;
  healthTimeoutMs?: number;
  /** Hard limit enforced by `timeout(1)`, even if this process is killed with SIGKILL. */
  maxLifetimeSeconds?: number;
}

/** Settings that keep the workbench quiet and predictable: no welcome page, no trust prompt. */
const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'chat.disableAIFeatures': true,
  'window.restoreWindows': 'none',
};

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  if (!fs.existsSync(codeServerBin)) {
    throw new Error(`code-server not found at ${codeServerBin}: run scripts/e2e/install.sh first`);
  }
  const home = freshDir(options.name, 'code-server');
  const userDataDir = path.join(home, 'user-data');
  const extensionsDir = path.join(home, 'extensions');
  // code-server refuses to install an extension into folders that do not exist yet.
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(QUIET_SETTINGS, null, 2));
  // Keep code-server's config.yaml and state out of the user's home folder.
  const env = { ...process.env, XDG_CONFIG_HOME: path.join(home, 'xdg-config'), XDG_DATA_HOME: path.join(home, 'xdg-data') };
  const common = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

  if (options.vsix) {
    const { stdout } = await execFileAsync(process.execPath, [codeServerBin, ...common, '--install-extension', options.vsix], {
      env,
      timeout: 60_000,
      killSignal: 'SIGKILL',
    });
    if (!/successfully installed/i.test(stdout)) throw new Error(`installing ${options.vsix} failed:\n${stdout}`);
  }

  const port = await freePort();
  const logFile = path.join(home, 'code-server.log');
  const log = fs.openSync(logFile, 'w');
  // detached: a new session and process group, so the extension hosts and language
  // servers it spawns can be stopped together with `kill -- -pgid`.
  const child = spawn(
    'timeout',
    [
      '-k',
      '5',
      String(options.maxLifetimeSeconds ?? 600),
      process.execPath,
      codeServerBin,
      ...common,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
    ],
    { env, detached: true, stdio: ['ignore', log, log] },
  );
  fs.closeSync(log);
  const pgid = child.pid;
  if (pgid === undefined) throw new Error('code-server did not start');
  const untrack = trackProcessGroup(pgid);
  let exited = false;
  child.on('exit', () => (exited = true));

  const stop = async () => {
    unregister();
    killProcessGroup(pgid, 'SIGTERM');
    const deadline = Date.now() + 5_000;
    while (processGroupAlive(pgid) && Date.now() < deadline) await sleep(100);
    killProcessGroup(pgid, 'SIGKILL');
    untrack();
  };
  const unregister = onCleanup(stop);

  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, options.healthTimeoutMs ?? 30_000, () => exited);
  } catch (error) {
    await stop();
    const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n');
    throw new Error(`${(error as Error).message}\n--- ${logFile} (tail) ---\n${tail}`);
  }
  return { url, authority: `127.0.0.1:${port}`, logFile, stop };
}

async function waitForHealth(url: string, timeoutMs: number, exited: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited()) throw new Error('code-server exited before it was healthy');
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`code-server not healthy within ${timeoutMs} ms`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
