import { describe, expect, it } from 'vitest';
import { RowSelection } from '../../src/renderer/src/lib/row-selection.svelte.ts';

const rows = ['a', 'b', 'c', 'd', 'e'].map((name) => ({ name }));
const keyOf = (row: { name: string }): string => row.name;

describe('RowSelection', () => {
  it('toggles a row, and with Shift gives the rows between the last click and this one its new state', () => {
    const selection = new RowSelection();
    selection.toggleRow(rows, keyOf, { anchor: null, index: 1, shift: false });
    expect([...selection]).toEqual(['b']);
    selection.toggleRow(rows, keyOf, { anchor: 1, index: 3, shift: true });
    expect([...selection].sort()).toEqual(['b', 'c', 'd']);
    // Upwards from the anchor, to "not chosen" as the clicked row was chosen.
    selection.toggleRow(rows, keyOf, { anchor: 3, index: 2, shift: true });
    expect([...selection]).toEqual(['b']);
    selection.toggleRow(rows, keyOf, { anchor: null, index: 1, shift: false });
    expect(selection.size).toBe(0);
    selection.toggleRow(rows, keyOf, { anchor: null, index: 9, shift: false });
    expect(selection.size).toBe(0);
  });

  it('chooses all shown rows, keeps others chosen, and clears the shown ones when all were chosen', () => {
    const selection = new RowSelection();
    selection.toggleRow(rows, keyOf, { anchor: null, index: 0, shift: false });
    const shown = rows.slice(2);
    expect(selection.hasAll(shown, keyOf)).toBe(false);
    selection.toggleAll(shown, keyOf);
    expect(selection.hasAll(shown, keyOf)).toBe(true);
    expect(selection.size).toBe(4);
    selection.toggleAll(shown, keyOf);
    expect([...selection]).toEqual(['a']);
    expect(selection.hasAll([], keyOf)).toBe(false);
  });

  it('keeps only the keys still listed, and deletes and clears', () => {
    const selection = new RowSelection();
    selection.toggleAll(rows, keyOf);
    selection.retain((key) => key !== 'c' && key !== 'e');
    expect([...selection]).toEqual(['a', 'b', 'd']);
    selection.delete('a');
    expect(selection.has('a')).toBe(false);
    expect(selection.has('b')).toBe(true);
    selection.clear();
    expect(selection.size).toBe(0);
  });
});
