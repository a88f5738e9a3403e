/**
 * Finds the Electron binary without calling into the electron package (which would try to
 * download it), and installs it with the package's own installer (`install-electron`) when it is
 * missing: progress while it downloads, and one clear paragraph, not a stack trace, when it cannot.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export function electronBinaryPath(root = process.cwd()) {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const candidate = join(
      process.env.ELECTRON_OVERRIDE_DIST_PATH,
      process.platform === 'win32' ? 'electron.exe' : 'electron',
    );
    return existsSync(candidate) ? candidate : null;
  }
  const folder = join(root, 'node_modules', 'electron');
  const pathFile = join(folder, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(folder, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

export const ELECTRON_MISSING =
  'The Electron binary is not installed: it is downloaded from GitHub the first time the app starts ' +
  '(`npm start`), which needs internet access.';

/** The paragraph shown when the installer failed; `reason` is the installer's own first line. */
export function downloadFailedMessage(version, reason) {
  return [
    `The app's window needs the Electron ${version} binary, and it could not be downloaded (${reason}).`,
    'It is fetched once, about 100 MB, from GitHub (github.com/electron/electron/releases) or from the',
    'mirror named in ELECTRON_MIRROR. To fix it: check the internet connection; behind a proxy, set',
    'HTTPS_PROXY; where GitHub is blocked, set ELECTRON_MIRROR to your company mirror of Electron',
    'releases; then run the same command again. The command line works without the window:',
    'npx mstr-cache-console --help.',
  ].join('\n');
}

/** The installer's error, minus its stack: the first line that says what went wrong. */
export function installerReason(text) {
  const line = text
    .split('\n')
    .map((candidate) => candidate.trim())
    .find((candidate) => candidate !== '' && !candidate.startsWith('at '));
  return (line ?? 'the installer stopped without saying why').slice(0, 300);
}

const QUIET_ERRORS = fileURLToPath(new URL('./installer-errors-to-fd3.mjs', import.meta.url));

/**
 * Makes sure the binary is there, running `installer` (electron's install.js) when it is not.
 * Resolves to true when the binary is ready; prints the reason and resolves to false otherwise.
 */
export async function ensureElectron({
  root = process.cwd(),
  installer = join(root, 'node_modules', 'electron', 'install.js'),
  log = (text) => process.stderr.write(text),
} = {}) {
  if (electronBinaryPath(root)) return true;
  const version = readVersion(root);
  log(`Downloading Electron ${version} for the app's window (first start only, about 100 MB)…\n`);
  const env = { ...process.env };
  // @electron/get uses a proxy only when asked to; admins behind one set HTTPS_PROXY and expect it used.
  if ((env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy) && !env.ELECTRON_GET_USE_PROXY)
    env.ELECTRON_GET_USE_PROXY = 'true';
  const { code, errors } = await runInstaller(installer, env);
  if (code === 0 && electronBinaryPath(root)) {
    log('Electron is installed.\n');
    return true;
  }
  log(`\n${downloadFailedMessage(version, installerReason(errors))}\n`);
  return false;
}

function readVersion(root) {
  try {
    return JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
  } catch {
    return '(unknown version)';
  }
}

/**
 * Runs the installer with its progress bar on this terminal, and its errors (which it prints with
 * a stack trace) on a pipe of their own, so only their first line is shown.
 */
function runInstaller(installer, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', pathToFileURL(QUIET_ERRORS).href, installer], {
      stdio: ['ignore', 'inherit', 'inherit', 'pipe'],
      env,
    });
    let errors = '';
    child.stdio[3].on('data', (chunk) => (errors += chunk.toString()));
    child.on('error', (error) => resolve({ code: 1, errors: error.message }));
    child.on('close', (code) => resolve({ code: code ?? 1, errors }));
  });
}
