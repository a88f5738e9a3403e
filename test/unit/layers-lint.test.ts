/**
 * The layers' lint rules fire where they should: each import a layer may not make is reported,
 * and the imports the layers are built on are not (so a rule that never matched would fail here).
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function restricted(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport const used = [x];\n`, { filePath });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => message.message);
}

describe('layer boundaries', () => {
  it('keeps the front ends off each other, off the shell and off the services', async () => {
    expect(
      await restricted('src/main/ipc/handlers/probe.ts', "import { x } from '../../cli/context.ts';"),
    ).toHaveLength(1);
    expect(
      await restricted('src/main/cli/commands/probe.ts', "import { x } from '../../ipc/dispatcher.ts';"),
    ).toHaveLength(1);
    expect(await restricted('src/main/cli/probe.ts', "import { x } from '../purge/preset-store.ts';")).toHaveLength(1);
    expect(await restricted('src/main/ipc/probe.ts', "import { x } from '../shell/app-menu.ts';")).toHaveLength(1);
    expect(await restricted('src/main/ipc/probe.ts', "import { x } from 'electron';")).toHaveLength(1);
    expect(
      await restricted('src/main/ipc/handlers/probe.ts', "import { x } from '../../use-cases/caches.ts';"),
    ).toEqual([]);
  });

  it('keeps the use cases off the front ends, the services off both, and shared, renderer and preload apart', async () => {
    expect(await restricted('src/main/use-cases/probe.ts', "import { x } from '../cli/context.ts';")).toHaveLength(1);
    expect(await restricted('src/main/use-cases/probe.ts', "import { x } from '../mstr/index.ts';")).toEqual([]);
    expect(await restricted('src/main/purge/probe.ts', "import { x } from '../use-cases/history.ts';")).toHaveLength(1);
    expect(await restricted('src/main/services.ts', "import { x } from './ipc/handlers/index.ts';")).toHaveLength(1);
    expect(await restricted('src/shared/probe.ts', "import { x } from '../main/services.ts';")).toHaveLength(1);
    expect(
      await restricted('src/renderer/src/lib/probe.ts', "import { x } from '../../../main/services.ts';"),
    ).toHaveLength(1);
    expect(await restricted('src/renderer/src/lib/probe.ts', "import { x } from '../../../shared/model.ts';")).toEqual(
      [],
    );
    expect(await restricted('src/preload/probe.ts', "import { x } from '../main/services.ts';")).toHaveLength(1);
  });

  it('lets only the shell, ipc/register.ts and the preload import electron', async () => {
    expect(await restricted('src/main/shell/probe.ts', "import { x } from 'electron';")).toEqual([]);
    expect(await restricted('src/main/ipc/register.ts', "import { x } from 'electron';")).toEqual([]);
    expect(await restricted('src/main/use-cases/probe.ts', "import { x } from 'electron';")).toHaveLength(1);
  });
});
