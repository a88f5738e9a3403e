/**
 * The launcher in bin/ as it chooses between the build and the sources: in a folder laid out as the
 * repository, with a build and sources that each say which one ran. A stale build must never run,
 * and an installed copy that carries the build alone must run it.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const REPO = join(import.meta.dirname, '../..');
const SOURCES = ['src/main/cli/main.ts', 'src/shared/model.ts'];
const BUILT_AT = new Date('2026-11-20T10:00:00Z');
const EARLIER = new Date('2026-11-19T10:00:00Z');
const LATER = new Date('2026-11-21T10:00:00Z');

let root = '';

function write(path: string, text: string, time: Date): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
  utimesSync(join(root, path), time, time);
}

/** Runs the launcher; says "build" or "source" after the path it was given. */
function launch(): string {
  const result = spawnSync(process.execPath, [join(root, 'bin/mstr-cache-console.mjs')], {
    env: { ...process.env, XDG_CACHE_HOME: join(root, 'cache') },
    encoding: 'utf8',
  });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout.trim();
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'mstr-launcher-'));
  mkdirSync(join(root, 'bin'));
  copyFileSync(join(REPO, 'bin/mstr-cache-console.mjs'), join(root, 'bin/mstr-cache-console.mjs'));
  write(
    'src/main/cli/main.ts',
    'export async function main(bin: string): Promise<void> {\n  console.log(`source ${bin}`);\n}\n',
    EARLIER,
  );
  write('src/shared/model.ts', 'export {};\n', EARLIER);
  write('out/cli/main.cjs', 'exports.main = async (bin) => console.log(`build ${bin}`);\n', BUILT_AT);
  write('out/cli/sources.txt', `${SOURCES.join('\n')}\n`, BUILT_AT);
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('the launcher', () => {
  it('runs the build when no source it was made from changed after it, and passes its own path', () => {
    expect(launch()).toBe(`build ${join(root, 'bin/mstr-cache-console.mjs')}`);
  });

  it('runs the sources once a file the build was made from is newer than the build', () => {
    utimesSync(join(root, 'src/shared/model.ts'), LATER, LATER);
    expect(launch()).toMatch(/^source /);
  });

  it('runs the sources when a file the build was made from is gone, or the build says nothing of its sources', () => {
    rmSync(join(root, 'src/shared/model.ts'));
    expect(launch()).toMatch(/^source /);
    write('src/shared/model.ts', 'export {};\n', EARLIER);
    expect(launch()).toMatch(/^build /);
    rmSync(join(root, 'out/cli/sources.txt'));
    expect(launch()).toMatch(/^source /);
  });

  it('runs the sources when there is no build', () => {
    rmSync(join(root, 'out'), { recursive: true });
    expect(launch()).toMatch(/^source /);
  });

  it('runs the build of an installed copy that carries no sources', () => {
    rmSync(join(root, 'src'), { recursive: true });
    rmSync(join(root, 'out/cli/sources.txt'));
    expect(launch()).toMatch(/^build /);
  });

  it('ignores a source file the build was not made from', () => {
    write('src/main/window/later.ts', 'export {};\n', LATER);
    expect(launch()).toMatch(/^build /);
  });
});
