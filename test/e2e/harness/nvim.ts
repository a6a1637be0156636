// Runs the Neovim LSP test (test/e2e/nvim/test.lua) against the built server, headless.
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { killProcessGroup, trackProcessGroup } from './cleanup';
import { examplesDir, freshDir, repoRoot } from './paths';

export async function runNeovimTest(timeoutMs = 30_000): Promise<void> {
  const output = freshDir('nvim');
  const script = path.join(repoRoot, 'test', 'e2e', 'nvim', 'test.lua');
  const server = path.join(repoRoot, 'dist', 'server.js');
  if (!fs.existsSync(server)) throw new Error(`${server} missing: run npm run build`);
  const child = spawn('nvim', ['--headless', '--clean', '-u', script, path.join(examplesDir, 'vnx', 'server_log')], {
    cwd: repoRoot,
    // Headless Neovim keeps its state (shada, swap, log) under these: keep them fresh.
    env: { ...process.env, XDG_STATE_HOME: path.join(output, 'state'), XDG_DATA_HOME: path.join(output, 'data'), NVIM_LOG_FILE: path.join(output, 'nvim.log') },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const untrack = trackProcessGroup(child.pid!);
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const timer = setTimeout(() => killProcessGroup(child.pid!, 'SIGKILL'), timeoutMs);
  const code = await new Promise<number | string>((resolve) => child.on('close', (status, signal) => resolve(status ?? signal ?? 'unknown')));
  clearTimeout(timer);
  killProcessGroup(child.pid!, 'SIGKILL'); // the language server, if Neovim left it behind
  untrack();
  fs.writeFileSync(path.join(output, 'output.txt'), text);
  process.stdout.write(text.replace(/^/gm, '  ').replace(/\s*$/, '\n'));
  if (code === 'SIGKILL') throw new Error(`Neovim test timed out after ${timeoutMs / 1000} s`);
  if (code !== 0) throw new Error(`Neovim test exited with ${code}`);
}
