// An archive as a read-only workspace folder: "Log Triage: Open Bundle…" mounts it under the
// `logtriage-bundle:` scheme, so that the engineer browses it in the Explorer and opens any member
// (nested archives appear as folders named `inner.tgz!`). Every path is `archive!/member`, the
// name the analysis uses, so findings of Analyze Folder link into the members.
import { createHash } from 'crypto';
import * as path from 'path';
import type { Event, ExtensionContext, FileChangeEvent, FileStat, FileSystemProvider } from 'vscode';
import { commands, Disposable, EventEmitter, FileSystemError, FileType, Uri, window, workspace } from 'vscode';
import type { ArchiveIndex } from '../../server/src/shared';
import { indexArchive, isArchiveName, MEMBER_SEPARATOR, readMemberBytes, splitMemberPath, withoutTrailingSlashes } from '../../server/src/shared';
import { BUNDLE_SCHEME } from '../../server/src/protocol';

/** VS Code does not hand documents over 50 MB to extensions: a member is served up to this. */
const MAX_MEMBER_BYTES = 48 * 1024 * 1024;
const READ_ONLY = 'Log Triage bundles are read-only: the archive is never changed or unpacked. Copy the text into a new file to edit it.';

/** A folder tree built from an archive's index; nested archives are folders named `inner.tgz!`. */
interface Tree {
  dirs: Map<string, Set<string>>;
  files: Map<string, { size: number; mtime: number; skipped?: string }>;
}

function buildTree(archive: string, index: ArchiveIndex): Tree {
  const root = archive + '!';
  const tree: Tree = { dirs: new Map([[root, new Set()]]), files: new Map() };
  for (const e of index.entries) {
    if (e.path.split('/').includes('..')) continue; // an unsafe name is listed by Analyze, never shown as a path
    tree.files.set(e.path, { size: e.size ?? 0, mtime: e.mtime ?? 0, skipped: e.skipped });
    // `a.tgz!/x/in.tgz!/y.log` → folders `a.tgz!/x/in.tgz!`, `a.tgz!/x`, up to the root
    for (let child = e.path; child.length > root.length; child = path.posix.dirname(child)) {
      const parent = path.posix.dirname(child);
      const known = tree.dirs.get(parent);
      if (known) {
        known.add(path.posix.basename(child));
        break; // its own ancestors are already there
      }
      tree.dirs.set(parent, new Set([path.posix.basename(child)]));
    }
  }
  return tree;
}

/** The tree key of a URI: its path without a trailing slash (`/c/b.tgz!/` → `/c/b.tgz!`). */
function keyOf(uri: Uri): string {
  return withoutTrailingSlashes(uri.path);
}

export class BundleFileSystem implements FileSystemProvider {
  private readonly emitter = new EventEmitter<FileChangeEvent[]>();
  readonly onDidChangeFile: Event<FileChangeEvent[]> = this.emitter.event;
  private readonly trees = new Map<string, Promise<Tree>>();

  private archiveOf(uri: Uri): string {
    const key = keyOf(uri);
    const split = splitMemberPath(key.endsWith('!') ? key + '/' : key);
    if (!split) throw FileSystemError.FileNotFound(uri);
    return split.archive;
  }

  private tree(uri: Uri): Promise<Tree> {
    const archive = this.archiveOf(uri);
    let tree = this.trees.get(archive);
    if (!tree) {
      tree = indexArchive(archive).then((index) => buildTree(archive, index));
      tree.catch(() => this.trees.delete(archive));
      this.trees.set(archive, tree);
    }
    return tree;
  }

  watch(): Disposable {
    return new Disposable(() => undefined); // an archive opened here does not change under us
  }

  async stat(uri: Uri): Promise<FileStat> {
    const tree = await this.tree(uri);
    const key = keyOf(uri);
    if (tree.dirs.has(key)) return { type: FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    const file = tree.files.get(key);
    if (!file) throw FileSystemError.FileNotFound(uri);
    return { type: FileType.File, ctime: file.mtime, mtime: file.mtime, size: file.size };
  }

  async readDirectory(uri: Uri): Promise<[string, FileType][]> {
    const tree = await this.tree(uri);
    const key = keyOf(uri);
    const names = tree.dirs.get(key);
    if (!names) throw FileSystemError.FileNotADirectory(uri);
    return [...names].sort().map((name) => [name, tree.dirs.has(`${key}/${name}`) ? FileType.Directory : FileType.File]);
  }

  async readFile(uri: Uri): Promise<Uint8Array> {
    const tree = await this.tree(uri);
    const file = tree.files.get(keyOf(uri));
    if (!file) throw FileSystemError.FileNotFound(uri);
    if (file.skipped) return Buffer.from(`Log Triage did not read this member: ${file.skipped}.\n`);
    try {
      const { bytes, truncated } = await readMemberBytes(keyOf(uri), MAX_MEMBER_BYTES);
      if (truncated) void window.showWarningMessage(`Log Triage: ${path.posix.basename(uri.path)} is larger than ${MAX_MEMBER_BYTES / 1048576} MB; only its start is shown. Analyze Folder on the archive reads it all.`);
      return bytes;
    } catch (e) {
      throw FileSystemError.Unavailable(`${uri.path}: ${(e as Error).message}`);
    }
  }

  createDirectory(uri: Uri): void {
    throw FileSystemError.NoPermissions(`${uri.path}: ${READ_ONLY}`);
  }
  writeFile(uri: Uri): void {
    throw FileSystemError.NoPermissions(`${uri.path}: ${READ_ONLY}`);
  }
  delete(uri: Uri): void {
    throw FileSystemError.NoPermissions(`${uri.path}: ${READ_ONLY}`);
  }
  rename(uri: Uri): void {
    throw FileSystemError.NoPermissions(`${uri.path}: ${READ_ONLY}`);
  }
}

/** The folder URI of an archive on disk. */
export function bundleRoot(archive: Uri): Uri {
  return Uri.from({ scheme: BUNDLE_SCHEME, path: archive.path + MEMBER_SEPARATOR });
}

/**
 * A `.code-workspace` in the extension's storage with the window's folders and the bundle, named
 * after the archive and its path (opening the same bundle again reuses it).
 */
async function bundleWorkspaceFile(storage: Uri, archive: Uri, folders: readonly { uri: Uri; name?: string }[]): Promise<Uri> {
  const dir = Uri.joinPath(storage, 'bundle-workspaces');
  await workspace.fs.createDirectory(dir);
  const hash = createHash('sha256').update(archive.toString()).digest('hex').slice(0, 12);
  const file = Uri.joinPath(dir, `${path.basename(archive.fsPath).replace(/[^\w.-]+/g, '_')}-${hash}.code-workspace`);
  const content = { folders: folders.map((f) => ({ ...(f.name ? { name: f.name } : {}), uri: f.uri.toString() })) };
  await workspace.fs.writeFile(file, Buffer.from(JSON.stringify(content, null, 2) + '\n'));
  return file;
}

const ARCHIVE_FILTER = { 'Support bundles': ['tgz', 'gz', 'tar', 'zip', 'bz2', 'xz', 'tbz2', 'txz'] };

export function registerBundleFileSystem(context: ExtensionContext): void {
  context.subscriptions.push(
    workspace.registerFileSystemProvider(BUNDLE_SCHEME, new BundleFileSystem(), { isCaseSensitive: true, isReadonly: true }),
    commands.registerCommand('logtriage.openBundle', async (uri?: Uri) => {
      const target = uri ?? (await window.showOpenDialog({ filters: ARCHIVE_FILTER, canSelectMany: false, openLabel: 'Open Bundle' }))?.[0];
      if (!target) return undefined;
      if (target.scheme !== 'file' || !isArchiveName(target.path)) {
        void window.showWarningMessage(`Log Triage: ${target.path} is not a .tar, .tgz, .tar.gz, .tar.bz2, .tar.xz or .zip file.`);
        return undefined;
      }
      const root = bundleRoot(target);
      const folders = workspace.workspaceFolders ?? [];
      if (!folders.some((f) => f.uri.toString() === root.toString())) {
        const bundle = { uri: root, name: `${path.basename(target.fsPath)} (bundle)` };
        // A window without a saved workspace that gains a folder becomes an untitled workspace and
        // reloads, and code-server reloads such a window without its folders: it opens a saved one instead.
        if (workspace.workspaceFile?.scheme !== 'file') {
          if (!workspace.isTrusted) {
            // nothing is written for an untrusted window: the bundle gets a window of its own
            void window.showInformationMessage('Log Triage: this window is not trusted, so the bundle opens in a new window of its own; trust the workspace to open it beside its folders.');
            await commands.executeCommand('vscode.openFolder', root, { forceNewWindow: true });
            return root;
          }
          const file = await bundleWorkspaceFile(context.globalStorageUri, target, [...folders, bundle]);
          await commands.executeCommand('vscode.openFolder', file, { forceNewWindow: false });
          return root;
        }
        workspace.updateWorkspaceFolders(folders.length, 0, bundle);
      }
      await commands.executeCommand('workbench.view.explorer');
      return root;
    }),
  );
}
