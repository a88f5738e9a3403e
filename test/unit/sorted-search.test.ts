import { describe, expect, it } from 'vitest';
import { searchSorted, sortForSearch } from '../../src/shared/sorted-search.ts';

interface Row {
  id: string;
  text: string;
}

/** A small alphabet, so needles match often, across row edges, and not at all. */
function randomText(next: () => number, length: number): string {
  const letters = 'abAB \u0001';
  return Array.from({ length }, () => letters[Math.floor(next() * letters.length)]).join('');
}

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const bySort = {
  sortKeyOf: (row: Row) => row.id,
  compare: (a: string, b: string) => a.localeCompare(b),
  direction: 'asc' as const,
};

describe('searching a sorted list as one joined text', () => {
  it('finds, key after key and from any start, exactly the rows whose own text or key has the needle', () => {
    const next = seeded(7);
    for (let list = 0; list < 40; list += 1) {
      const rows = Array.from({ length: Math.floor(next() * 30) }, (_, index) => ({
        id: `${randomText(next, 3)}${index}`,
        text: randomText(next, Math.floor(next() * 8)),
      }));
      const withKeys = sortForSearch(
        rows,
        bySort,
        (row) => row.text,
        (row) => row.id,
      );
      const textOnly = sortForSearch(rows, bySort, (row) => row.text);
      let typed = '';
      for (let key = 0; key < 6; key += 1) {
        typed = next() < 0.2 ? randomText(next, 2) : typed + randomText(next, 1);
        const needle = typed.trim().toLowerCase();
        const expectText = textOnly.rows.filter((row) => row.text.toLowerCase().includes(needle));
        const expectKeys = withKeys.rows.filter(
          (row) => row.text.toLowerCase().includes(needle) || row.id.toLowerCase().startsWith(needle),
        );
        expect(searchSorted(textOnly, typed), JSON.stringify(typed)).toEqual(expectText);
        expect(searchSorted(withKeys, typed), JSON.stringify(typed)).toEqual(expectKeys);
      }
    }
  });

  it('keeps the sort order and finds nothing in an empty list', () => {
    const rows = [
      { id: 'c', text: 'Sales' },
      { id: 'a', text: 'sales east' },
      { id: 'b', text: 'Stock' },
    ];
    expect(
      searchSorted(
        sortForSearch(rows, bySort, (row) => row.text),
        'SALES',
      ).map((row) => row.id),
    ).toEqual(['a', 'c']);
    expect(
      searchSorted(
        sortForSearch([], bySort, (row: Row) => row.text),
        'x',
      ),
    ).toEqual([]);
    expect(
      searchSorted(
        sortForSearch([], bySort, (row: Row) => row.text),
        '',
      ),
    ).toEqual([]);
  });
});
