import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { linesBackward } from '../../src/main/storage/lines-backward.ts';

async function collect(path: string): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of linesBackward(path)) lines.push(line);
  return lines;
}

describe('reading a file backwards by lines', () => {
  it('gives every line, last first, across chunk borders and multi-byte characters', async () => {
    const lines = Array.from(
      { length: 3000 },
      (_, index) => `${index} ${'é€😀'.repeat(index % 97)} ${'x'.repeat((index * 37) % 900)}`,
    );
    const path = join(mkdtempSync(join(tmpdir(), 'mstr-lines-')), 'log.jsonl');
    writeFileSync(path, `${lines.join('\n')}\n`);
    expect(await collect(path)).toEqual([...lines].reverse());
  });

  it('handles a file without a final line break, empty lines, an empty file and a missing one', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'mstr-lines-'));
    writeFileSync(join(folder, 'a'), 'one\n\ntwo');
    writeFileSync(join(folder, 'b'), '');
    expect(await collect(join(folder, 'a'))).toEqual(['two', 'one']);
    expect(await collect(join(folder, 'b'))).toEqual([]);
    expect(await collect(join(folder, 'missing'))).toEqual([]);
  });
});
