import { describe, expect, it } from 'vitest';
import type { CacheRow } from '../../src/shared/cache-monitor.ts';
import {
  findCaches,
  isFound,
  searchCaches,
  sortCaches,
  totalsAt,
  totalsBy,
  viewCaches,
} from '../../src/shared/cache-view.ts';

function cache(fields: Partial<CacheRow> & Pick<CacheRow, 'id' | 'name'>): CacheRow {
  return {
    kind: 'content',
    node: 'iserver-a.example.internal',
    projectId: 'B19DEDCC11D4E0EFC000EB9495D0F44F',
    projectName: 'Sales Analytics',
    sourceId: null,
    type: 'report',
    status: ['ready'],
    sizeKb: null,
    hitCount: null,
    lastHit: null,
    lastUpdated: null,
    created: null,
    expires: null,
    owner: 'Administrator',
    tables: [],
    ...fields,
  };
}

const rows: readonly CacheRow[] = [
  cache({ id: 'C1', name: 'Revenue 10', sizeKb: 300, hitCount: 0, lastHit: '2026-11-20T08:00:00.000Z' }),
  cache({ id: 'C2', name: 'Revenue 9', sizeKb: null, hitCount: 4, lastHit: '2026-11-27T08:00:00.000Z' }),
  cache({
    id: 'C3',
    name: 'Monthly close',
    projectName: 'Finance Reporting',
    type: 'document',
    status: ['invalid'],
    sizeKb: 1200,
    hitCount: 1,
    lastUpdated: '2026-11-25T08:00:00.000Z',
  }),
  cache({ id: 'AB12', name: 'Open claims', node: 'iserver-b.example.internal', sizeKb: 5, owner: 'jane' }),
];
const byName = { column: 'name', direction: 'asc' } as const;

describe('the caches screen view', () => {
  it('searches name and project anywhere and the id from its start, ignoring case and blanks around the query', () => {
    const names = (query: string): string[] =>
      viewCaches(rows, { query, filter: {}, sort: byName }).map((row) => row.name);
    expect(names('  REVENUE ')).toEqual(['Revenue 9', 'Revenue 10']);
    expect(names('finance')).toEqual(['Monthly close']);
    expect(names('ab1')).toEqual(['Open claims']);
    expect(names('AB12')).toEqual(['Open claims']);
    expect(names('b12')).toEqual([]);
    expect(names('   ')).toHaveLength(4);
    expect(names('nowhere')).toEqual([]);
  });

  it('applies the filters together with the query', () => {
    const shown = (query: string, filter: Parameters<typeof searchCaches>[2]): string[] =>
      viewCaches(rows, { query, filter, sort: byName }).map((row) => row.id);
    expect(shown('', { status: 'invalid' })).toEqual(['C3']);
    expect(shown('revenue', { owner: ' administrator ' })).toEqual(['C2', 'C1']);
    expect(shown('revenue', { type: 'document' })).toEqual([]);
    const now = Date.parse('2026-11-28T08:00:00.000Z');
    expect(searchCaches(sortCaches(rows, byName), 'rev', { unusedDays: 7 }, now).map((row) => row.id)).toEqual(['C1']);
  });

  it('sorts by every column both ways, numbers as numbers and a missing value lowest', () => {
    const ids = (column: Parameters<typeof sortCaches>[1]['column'], direction: 'asc' | 'desc'): string[] =>
      sortCaches(rows, { column, direction }).rows.map((row) => row.id);
    expect(ids('sizeKb', 'desc')).toEqual(['C3', 'C1', 'AB12', 'C2']);
    expect(ids('hitCount', 'asc')).toEqual(['AB12', 'C1', 'C3', 'C2']);
    expect(ids('last', 'desc')).toEqual(['C2', 'C3', 'C1', 'AB12']);
    expect(ids('status', 'asc')).toEqual(['C3', 'C1', 'C2', 'AB12']);
    expect(ids('node', 'desc')[0]).toBe('AB12');
    expect(ids('name', 'asc')).toEqual(['C3', 'AB12', 'C2', 'C1']);
  });

  it('keeps the sorted order when filtering, and leaves the list it was given as it was', () => {
    const copy = [...rows];
    const sorted = sortCaches(rows, { column: 'sizeKb', direction: 'desc' });
    expect(searchCaches(sorted, 'e', {}).map((row) => row.id)).toEqual(['C3', 'C1', 'AB12', 'C2']);
    expect(searchCaches(sorted, 'revenue', {}).map((row) => row.id)).toEqual(['C1', 'C2']);
    expect(rows).toEqual(copy);
  });

  it('totals the shown caches per node, largest first', () => {
    expect(totalsBy(rows, 'node')).toEqual([
      { name: 'iserver-a.example.internal', count: 3, sizeKb: 1500 },
      { name: 'iserver-b.example.internal', count: 1, sizeKb: 5 },
    ]);
  });
});

describe('typing into the search of a sorted list', () => {
  it('finds at each key what a fresh search finds, as the query grows, shrinks and changes', () => {
    const many = Array.from({ length: 300 }, (_, index) =>
      cache({ id: `K${index}`, name: `${index % 3 ? 'Revenue' : 'Monthly'} ${index}`, sizeKb: index }),
    );
    const sort = { column: 'sizeKb', direction: 'desc' } as const;
    const sorted = sortCaches(many, sort);
    for (const query of ['r', 're', 'rev', 'revenue 1', 'revenue 12', 'reve', 'month', 'nue 2', 'e 2', '', 'x', 'xy'])
      expect(searchCaches(sorted, query, {}).map((row) => row.id)).toEqual(
        searchCaches(sortCaches(many, sort), query, {}).map((row) => row.id),
      );
  });

  it('finds, key after key, exactly the rows a search of each row alone finds, whatever their text', () => {
    const odd = [
      cache({ id: 'İD-1', name: 'İstanbul sales' }),
      cache({ id: 'ΣΑ1', name: 'ΟΔΟΣ totals', projectName: 'Ελλάδα' }),
      cache({ id: 'x\u0001y', name: 'split\u0001name' }),
      cache({ id: 'Kelvin', name: '' }),
      cache({ id: 'MTIzNDU2Nzg5', name: 'Revenue by region' }),
      cache({ id: 'mtiz', name: 'Revenue', projectName: 'MTIz Analytics' }),
    ];
    const sorted = sortCaches(odd, byName);
    const queries = ['i', 'i̇', 'i̇st', 'İstanbul', 'οδος', 'ός', 'σα', 'split\u0001', '\u0001', 'x\u0001', 'kel'];
    for (const query of [...queries, 'mti', 'MTIzNDU', 'tiz', 'revenue', 'revenue by', '', 'z'])
      expect(
        searchCaches(sorted, query, {}).map((row) => row.id),
        query,
      ).toEqual(sorted.rows.filter((row) => isFound(row, query, {})).map((row) => row.id));
    expect(searchCaches(sorted, 'MTIzNDU', {}).map((row) => row.id)).toEqual(['MTIzNDU2Nzg5']);
    expect(searchCaches(sorted, 'tiz', {}).map((row) => row.id)).toEqual(['mtiz']);
    expect(searchCaches(sorted, 'split\u0001n', {}).map((row) => row.id)).toEqual(['x\u0001y']);
  });

  it('applies the filters to what the text finds, with and without a narrowed search', () => {
    const sorted = sortCaches(rows, { column: 'name', direction: 'asc' });
    expect(searchCaches(sorted, 'o', {}).map((row) => row.id)).toEqual(['C3', 'AB12']);
    expect(searchCaches(sorted, 'on', { type: 'document' }).map((row) => row.id)).toEqual(['C3']);
    expect(searchCaches(sorted, 'o', { owner: 'jane' }).map((row) => row.id)).toEqual(['AB12']);
    expect(searchCaches(sorted, 'op', { owner: 'jane' }).map((row) => row.id)).toEqual(['AB12']);
  });
});

describe('totals of the shown caches by their positions in the sorted list', () => {
  it('are the figures and the order totalsBy gives, for any query and filter', () => {
    const many = Array.from({ length: 500 }, (_, index) =>
      cache({
        id: `T${index}`,
        name: `Report ${index}`,
        node: `iserver-${'abc'[index % 3]}.example.internal`,
        projectName: `Project ${index % 7}`,
        sizeKb: index % 11 ? (index * 13) % 97 : null,
        type: index % 4 ? 'report' : 'document',
      }),
    );
    const sorted = sortCaches(many, { column: 'name', direction: 'asc' });
    for (const [query, filter] of [
      ['', {}],
      ['report 1', {}],
      ['report 12', { type: 'document' }],
      ['nothing', {}],
    ] as const) {
      const found = findCaches(sorted, query, filter);
      expect(found.rows).toEqual(searchCaches(sortCaches(many, { column: 'name', direction: 'asc' }), query, filter));
      for (const by of ['node', 'projectName'] as const)
        expect(totalsAt(sorted, found.positions, by)).toEqual(totalsBy(found.rows, by));
    }
  });
});
