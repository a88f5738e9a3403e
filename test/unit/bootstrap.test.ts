/**
 * The Electron bootstrap (src/main/index.ts) against a mocked electron module: the order of the
 * launch steps, what is registered, the window it opens, the command-line mode and a clean quit.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../src/shared/ipc.ts';

type Listener = (...args: unknown[]) => unknown;

interface Recorder {
  steps: string[];
  appListeners: Map<string, Listener>;
  handled: string[];
  windows: { options: Record<string, unknown>; url: string | null }[];
  exitCode: number | null;
  quits: number;
  resolveReady: () => void;
}

const recorder: Recorder = {
  steps: [],
  appListeners: new Map(),
  handled: [],
  windows: [],
  exitCode: null,
  quits: 0,
  resolveReady: () => {},
};

vi.mock('electron', () => {
  const ready = new Promise<void>((resolve) => {
    recorder.resolveReady = resolve;
  });
  const contents = (): Record<string, unknown> => ({
    id: 1,
    setWindowOpenHandler: () => {},
    on: () => {},
    send: () => {},
  });
  class BrowserWindow {
    static getAllWindows = (): unknown[] => recorder.windows;
    readonly webContents = contents();
    readonly record: { options: Record<string, unknown>; url: string | null };
    constructor(options: Record<string, unknown>) {
      this.record = { options, url: null };
      recorder.windows.push(this.record);
      recorder.steps.push('window');
    }
    once(): void {}
    on(): void {}
    maximize(): void {}
    loadURL(url: string): Promise<void> {
      this.record.url = url;
      return Promise.resolve();
    }
  }
  return {
    app: {
      isPackaged: false,
      getVersion: () => '9.9.9',
      getPath: () => tmpdir(),
      getAppPath: () => '/opt/mstr-cache-console/resources/app',
      requestSingleInstanceLock: () => {
        recorder.steps.push('single-instance-lock');
        return true;
      },
      whenReady: () => ready,
      on: (event: string, listener: Listener) => recorder.appListeners.set(event, listener),
      quit: () => {
        recorder.quits += 1;
      },
      exit: (code: number) => {
        recorder.exitCode = code;
      },
      dock: undefined,
    },
    BrowserWindow,
    Menu: { buildFromTemplate: (template: unknown) => template, setApplicationMenu: () => recorder.steps.push('menu') },
    clipboard: { writeText: () => {} },
    dialog: { showOpenDialog: vi.fn(), showSaveDialog: vi.fn(), showMessageBox: vi.fn() },
    ipcMain: { handle: (channel: string) => recorder.handled.push(channel) },
    protocol: {
      registerSchemesAsPrivileged: () => recorder.steps.push('register-scheme'),
      handle: (scheme: string) => recorder.steps.push(`serve-${scheme}`),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: () => recorder.steps.push('deny-permissions'),
        setPermissionCheckHandler: () => {},
      },
    },
    shell: { openExternal: vi.fn() },
  };
});

const originalArgv = process.argv;

beforeEach(() => {
  vi.resetModules();
  process.env.MSTR_CACHE_HOME = mkdtempSync(join(tmpdir(), 'mstr-bootstrap-'));
  process.env.MSTR_CACHE_KEYCHAIN_SERVICE = 'MSTR Cache Console bootstrap test';
  Object.assign(recorder, { steps: [], appListeners: new Map(), handled: [], windows: [], exitCode: null, quits: 0 });
});

afterEach(() => {
  process.argv = originalArgv;
});

describe('desktop launch', () => {
  it('locks, registers the scheme before ready, then serves, hardens and opens the window', async () => {
    process.argv = ['/usr/bin/electron', '.'];
    await import('../../src/main/index.ts');
    expect(recorder.steps).toEqual(['single-instance-lock', 'register-scheme']);
    expect([...recorder.handled].sort()).toEqual([...CHANNELS].sort());
    recorder.resolveReady();
    await vi.waitFor(() => expect(recorder.windows).toHaveLength(1));
    expect(recorder.steps).toEqual([
      'single-instance-lock',
      'register-scheme',
      'deny-permissions',
      'serve-app',
      'menu',
      'window',
    ]);
    expect(recorder.windows[0]!.url).toBe('app://bundle/index.html');
    expect(recorder.windows[0]!.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    });
    expect(String((recorder.windows[0]!.options.webPreferences as { preload: string }).preload)).toMatch(
      /preload[/\\]index\.cjs$/,
    );
  });

  it('quits cleanly: waits for the logout before quitting for real', async () => {
    process.argv = ['/usr/bin/electron', '.'];
    await import('../../src/main/index.ts');
    recorder.resolveReady();
    const beforeQuit = recorder.appListeners.get('before-quit')!;
    const event = { preventDefault: vi.fn() };
    beforeQuit(event);
    expect(event.preventDefault).toHaveBeenCalledOnce();
    await vi.waitFor(() => expect(recorder.quits).toBe(1));
    const second = { preventDefault: vi.fn() };
    beforeQuit(second);
    expect(second.preventDefault).not.toHaveBeenCalled();
  });
});

describe('command-line launch', () => {
  it('runs the command, opens no window and exits with its code', async () => {
    process.argv = ['/usr/bin/electron', '.', 'profiles', 'list', '--json'];
    const written: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    try {
      await import('../../src/main/index.ts');
      await vi.waitFor(() => expect(recorder.exitCode).toBe(0));
    } finally {
      write.mockRestore();
    }
    expect(recorder.windows).toHaveLength(0);
    expect(recorder.steps).not.toContain('single-instance-lock');
    expect(JSON.parse(written.join(''))).toMatchObject({ ok: true, profiles: [] });
  });
});
