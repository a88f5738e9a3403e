/**
 * The monitor answers as the vendor documents them (test/fixtures/vendor-doc-examples, copied
 * as they are) and as real servers send them: both date styles, the node-keyed content entries,
 * the total in a header, missing fields.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  readContentPage,
  readCube,
  readCubePage,
  readManipulation,
  readManipulationId,
  serverTime,
} from '../../src/main/mstr/cache-responses.ts';
import { readClusterNodes } from '../../src/main/mstr/responses.ts';
import type { CacheRow } from '../../src/shared/cache-monitor.ts';

function vendor(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../fixtures/vendor-doc-examples/${name}`, import.meta.url), 'utf8'));
}

describe('monitor answers', () => {
  it('reads both date styles as ISO and refuses what is not a date', () => {
    expect(serverTime('2026-11-27T12:00:00.000+0000')).toBe('2026-11-27T12:00:00.000Z');
    // The Library form's shape with something else in a digit's place is not a date.
    expect(serverTime('2026-11-27T12:0x:00.000+0000')).toBeNull();
    expect(serverTime('2026-11-27T12:00:00Z')).toBe('2026-11-27T12:00:00.000Z');
    expect(serverTime('2018-02-12 07:15:17')).toBe('2018-02-12T07:15:17.000Z');
    expect(serverTime('2018-02-12 07:15:1x')).toBeNull();
    // Another offset in the Library form's place is that offset, not UTC.
    expect(serverTime('2026-11-27T12:00:00.000+1234')).toBe('2026-11-26T23:26:00.000Z');
    expect(serverTime('2026-11-27T14:00:00.000+0200')).toBe('2026-11-27T12:00:00.000Z');
    expect(serverTime('yesterday')).toBeNull();
    expect(serverTime(1700000000)).toBeNull();
  });

  it('reads the documented cube cache list, single cube and manipulation answers', () => {
    const names = new Map([['B19DEDCC11D4E0EFC000EB9495D0F44F', 'MicroStrategy Tutorial']]);
    const page = readCubePage(vendor('cube-caches--list.json'), null, 'node-1', names);
    expect(page.total).toBe(100);
    expect(page.caches[0]).toMatchObject({
      kind: 'cube',
      node: 'node-1',
      id: '363249D447A5EF245AD51AB916CA4904:B19DEDCC11D4E0EFC000EB9495D0F44F:MTAuMjMuNS44NQ==',
      projectName: 'MicroStrategy Tutorial',
      name: 'C02_callctr_image',
      status: ['unloaded', 'inactive', 'persisted'],
      sizeKb: 101376,
      hitCount: 0,
      lastUpdated: '2018-02-12T07:15:17.000Z',
      owner: 'Administrator',
    });
    expect(readCube(vendor('cube-caches--single-cube.json'), 'node-1', names)?.name).toBe('C02_callctr_image');
    expect(readManipulationId(vendor('cube-caches--alter-status-answer.json'))).toBe(
      '3D9062444858D2D5A25BF891E575A297:MTAuMjMuNi4yMDY=',
    );
    expect(readManipulation(vendor('cube-caches--manipulation-status.json'))).toEqual({
      status: 'ready',
      detail: null,
    });
    expect(readManipulation({ status: 'requestHandlingFailed' })).toEqual({
      status: 'error',
      detail: 'status "requestHandlingFailed"',
    });
  });

  it('reads the documented nodes answer, where the second node has no "default" key', () => {
    const nodes = readClusterNodes(vendor('cluster-nodes.json'));
    expect(nodes.map((node) => [node.name, node.isDefault])).toEqual([
      ['env-160560laio1use1', true],
      ['env-160560laio2use1', false],
    ]);
    expect(nodes[1]?.projects.find((project) => project.status === 'loaded')?.name).toBe('MicroStrategy Tutorial');
  });

  it('lists nodes in one order, by name, whatever order the server gives them in', () => {
    const answer = (names: string[]) => ({ nodes: names.map((name) => ({ name, status: 'running', projects: [] })) });
    const sorted = ['iserver-a', 'iserver-b', 'iserver-c'];
    expect(readClusterNodes(answer(['iserver-c', 'iserver-a', 'iserver-b'])).map((node) => node.name)).toEqual(sorted);
    expect(readClusterNodes(answer(['iserver-b', 'iserver-c', 'iserver-a'])).map((node) => node.name)).toEqual(sorted);
  });

  it('reads content pages keyed by combined id, takes a total from a header, and tolerates missing fields', () => {
    const page = readContentPage(
      {
        total: 2,
        contentCaches: [
          {
            QUJD: {
              id: 'ABC',
              projectId: 'P1',
              projectName: 'Tutorial',
              source: { name: 'Revenue', type: 'dossier' },
              status: { ready: true, loaded: false },
              size: 12,
              hitCount: 0,
              lastHitTime: '2026-01-01 10:00:00',
            },
          },
          { REVG: {} },
          'not an entry',
        ],
      },
      'node-2',
    );
    expect(page.total).toBe(2);
    expect(page.caches[0]).toMatchObject({
      id: 'QUJD',
      node: 'node-2',
      type: 'dashboard',
      status: ['ready', 'unloaded'],
      lastHit: '2026-01-01T10:00:00.000Z',
    });
    expect(page.caches[1]).toMatchObject({ id: 'REVG', name: 'REVG', sizeKb: null, status: [] });
    expect(readCubePage({ cubeCaches: [] }, '42', 'n', new Map()).total).toBe(42);
    expect(() => readContentPage('<html>', 'n')).toThrow(/not what a Library server sends/);
  });

  it('gives caches with the same states or tables one frozen list, in the order the server sent', () => {
    const entry = (id: string, status: Record<string, boolean>, tables: unknown[]) => ({
      [id]: { status, warehouseTablesUsed: tables },
    });
    const many = Array.from({ length: 20_000 }, (_, index) => `T${index}`);
    const { caches } = readContentPage(
      {
        contentCaches: [
          entry('A', { ready: true, filed: true, loaded: true }, ['FACT_SALES', 'LU_REGION']),
          entry('B', { filed: true, ready: true, loaded: true }, ['FACT_SALES', 'LU_REGION']),
          entry('C', { ready: true }, ['FACT_SALES']),
          entry('D', { ready: true, filed: true, loaded: false }, ['LU_REGION', { name: 'FACT_SALES' }, 7]),
          entry('E', {}, many),
        ],
      },
      'n',
    );
    const [a, b, c, d, e] = caches as [CacheRow, CacheRow, CacheRow, CacheRow, CacheRow];
    expect(a.status).toEqual(['ready', 'filed', 'loaded']);
    expect(b.status).toBe(a.status);
    expect(b.tables).toBe(a.tables);
    expect(Object.isFrozen(a.tables)).toBe(true);
    expect(a.tables).toEqual(['FACT_SALES', 'LU_REGION']);
    expect(c.status).toEqual(['ready']);
    expect(c.tables).toEqual(['FACT_SALES']);
    expect(d.status).toEqual(['ready', 'filed', 'unloaded']);
    expect(d.tables).toEqual(['LU_REGION', 'FACT_SALES']);
    expect(e.status).toEqual([]);
    expect(e.tables).toEqual(many);
  });
});
