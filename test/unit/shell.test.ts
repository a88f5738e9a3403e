import { describe, expect, it, vi } from 'vitest';

type Listener = (...args: unknown[]) => void;

const created: { options: Record<string, unknown>; contents: FakeContents; loaded: string[] }[] = [];
const opened: string[] = [];

class FakeContents {
  readonly listeners = new Map<string, Listener>();
  openHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.openHandler = handler;
  }
  on(event: string, listener: Listener): void {
    this.listeners.set(event, listener);
  }
}

vi.mock('electron', () => ({
  BrowserWindow: class {
    readonly webContents = new FakeContents();
    readonly loaded: string[] = [];
    constructor(options: Record<string, unknown>) {
      created.push({ options, contents: this.webContents, loaded: this.loaded });
    }
    once(): void {}
    loadURL(url: string): Promise<void> {
      this.loaded.push(url);
      return Promise.resolve();
    }
  },
  shell: { openExternal: (url: string) => opened.push(url) },
  protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
}));

const { createMainWindow, denyPermissions } = await import('../../src/main/shell/main-window.ts');
const { resolveAppFile, CONTENT_SECURITY_POLICY } = await import('../../src/main/shell/app-protocol.ts');
const { cliArguments } = await import('../../src/main/shell/cli-mode.ts');
const { isAllowedExternalUrl } = await import('../../src/shared/external-links.ts');

function event(): { defaultPrevented: boolean; preventDefault: () => void } {
  const value = {
    defaultPrevented: false,
    preventDefault: () => {
      value.defaultPrevented = true;
    },
  };
  return value;
}

describe('main window', () => {
  const window = (): (typeof created)[number] => {
    createMainWindow({
      preload: '/app/out/preload/index.cjs',
      startUrl: 'app://bundle/index.html',
      bounds: null,
      title: 'MSTR Cache Console',
    });
    return created.at(-1)!;
  };

  it('runs the renderer sandboxed, isolated, without Node, and loads it from app://', () => {
    const { options, loaded } = window();
    expect(options.webPreferences).toEqual({
      preload: '/app/out/preload/index.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
    });
    expect(loaded).toEqual(['app://bundle/index.html']);
  });

  it('denies every new window and opens only allowed https links in the browser', () => {
    const { contents } = window();
    opened.length = 0;
    expect(contents.openHandler?.({ url: 'https://microstrategy.github.io/rest-api-docs/' })).toEqual({
      action: 'deny',
    });
    expect(contents.openHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(contents.openHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://microstrategy.github.io/rest-api-docs/']);
  });

  it('blocks navigation and redirects away from the app, and webviews', () => {
    const { contents } = window();
    for (const name of ['will-navigate', 'will-redirect']) {
      const away = event();
      contents.listeners.get(name)?.(away, 'https://evil.example/');
      expect(away.defaultPrevented).toBe(true);
      const inside = event();
      contents.listeners.get(name)?.(inside, 'app://bundle/index.html#/history');
      expect(inside.defaultPrevented).toBe(false);
    }
    const webview = event();
    contents.listeners.get('will-attach-webview')?.(webview);
    expect(webview.defaultPrevented).toBe(true);
  });

  it('denies every permission request and check', () => {
    let requestHandler: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null =
      null;
    let checkHandler: (() => boolean) | null = null;
    denyPermissions({
      setPermissionRequestHandler: (handler: typeof requestHandler) => (requestHandler = handler),
      setPermissionCheckHandler: (handler: typeof checkHandler) => (checkHandler = handler),
    } as never);
    const answers: boolean[] = [];
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read'])
      requestHandler!(null, permission, (granted) => answers.push(granted));
    expect(answers).toEqual([false, false, false, false]);
    expect(checkHandler!()).toBe(false);
  });
});

describe('app:// protocol', () => {
  const root = '/opt/app/out/renderer';
  it('serves files inside the renderer folder only', () => {
    expect(resolveAppFile(root, 'app://bundle/')).toBe(`${root}/index.html`);
    expect(resolveAppFile(root, 'app://bundle/assets/index-abc.js')).toBe(`${root}/assets/index-abc.js`);
    for (const url of [
      'app://bundle/../../etc/passwd',
      'app://bundle/%2e%2e/%2e%2e/etc/passwd',
      'app://bundle/assets/..%2F..%2F..%2Fetc%2Fpasswd',
    ]) {
      const file = resolveAppFile(root, url);
      expect(file === null || file.startsWith(`${root}/`), `${url} -> ${file}`).toBe(true);
    }
    for (const url of [
      'app://bundle/assets/%00x',
      'app://other/index.html',
      'file:///etc/passwd',
      'app://bundle/%E0%A4%A',
      'app://bundle/..%2F..%2Fetc%2Fpasswd',
    ]) {
      expect(resolveAppFile(root, url), url).toBeNull();
    }
  });

  it('sends a strict Content-Security-Policy', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe');
  });
});

describe('launch mode and links', () => {
  it('runs the command line when started with a subcommand', () => {
    expect(cliArguments(['/opt/MSTR Cache Console', 'purge', 'Prod', '--all'], true)).toEqual([
      'purge',
      'Prod',
      '--all',
    ]);
    expect(cliArguments(['/usr/bin/electron', '.', 'projects', 'Dev'], false)).toEqual(['projects', 'Dev']);
    expect(cliArguments(['/opt/MSTR Cache Console'], true)).toBeNull();
    expect(cliArguments(['/opt/MSTR Cache Console', '--no-sandbox'], true)).toBeNull();
    // What a scheduled job runs: the data folder before the command.
    expect(cliArguments(['/opt/app', '--data-folder', '/home/j/d', 'preset', 'run', 'n'], true)).toEqual([
      '--data-folder',
      '/home/j/d',
      'preset',
      'run',
      'n',
    ]);
    expect(cliArguments(['/opt/app', '--data-folder', '/d'], true)).toBeNull();
    expect(cliArguments(['/opt/app', 'schedule', 'list'], true)).toEqual(['schedule', 'list']);
  });

  it('allows only https links to documented hosts', () => {
    expect(isAllowedExternalUrl('https://microstrategy.github.io/rest-api-docs/')).toBe(true);
    expect(isAllowedExternalUrl('http://microstrategy.github.io/')).toBe(false);
    expect(isAllowedExternalUrl('https://user:pw@github.com/')).toBe(false);
    expect(isAllowedExternalUrl('https://github.com.evil.example/')).toBe(false);
    expect(isAllowedExternalUrl('javascript:alert(1)')).toBe(false);
  });
});
