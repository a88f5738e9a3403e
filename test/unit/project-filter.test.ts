import { describe, expect, it } from 'vitest';
import { readProjects } from '../../src/main/mstr/responses.ts';
import { filterProjects } from '../../src/renderer/src/lib/project-filter.ts';
import { generateProjects } from '../simulator/projects.ts';

const projects = readProjects(generateProjects(30, [0, 5]));

describe('filterProjects', () => {
  it('searches by name or id, ignoring case', () => {
    expect(
      filterProjects(projects, { query: 'FINANCE', status: 'all', sort: { column: 'name', direction: 'asc' } }).map(
        (p) => p.name,
      ),
    ).toEqual(['Finance Analytics 002', 'Finance Reporting 012', 'Finance Dashboards 022'].sort());
    const id = projects[7]!.id;
    expect(
      filterProjects(projects, {
        query: id.slice(4, 14).toLowerCase(),
        status: 'all',
        sort: { column: 'name', direction: 'asc' },
      }),
    ).toEqual([projects[7]]);
  });

  it('filters by loaded state and sorts by any column both ways', () => {
    const notLoaded = filterProjects(projects, {
      query: '',
      status: 'not-loaded',
      sort: { column: 'name', direction: 'asc' },
    });
    expect(notLoaded.map((p) => p.name)).toEqual(['Retail Analytics 006', 'Sales Analytics 001']);
    expect(
      filterProjects(projects, { query: '', status: 'loaded', sort: { column: 'name', direction: 'asc' } }),
    ).toHaveLength(28);
    const desc = filterProjects(projects, { query: '', status: 'all', sort: { column: 'name', direction: 'desc' } });
    expect(desc[0]!.name > desc.at(-1)!.name).toBe(true);
    const byStatus = filterProjects(projects, {
      query: '',
      status: 'all',
      sort: { column: 'status', direction: 'asc' },
    });
    expect(byStatus[0]!.status).not.toBe(0);
  });

  it('takes a blank query as no query, and a query together with a loaded state', () => {
    const byName = { column: 'name', direction: 'asc' } as const;
    expect(filterProjects(projects, { query: '   ', status: 'all', sort: byName })).toHaveLength(30);
    expect(
      filterProjects(projects, { query: ' sales ', status: 'not-loaded', sort: byName }).map((p) => p.name),
    ).toEqual(['Sales Analytics 001']);
    const loadedSales = filterProjects(projects, { query: 'Sales', status: 'loaded', sort: byName });
    expect(loadedSales.length).toBeGreaterThan(0);
    expect(loadedSales.every((p) => p.name.startsWith('Sales') && p.name !== 'Sales Analytics 001')).toBe(true);
  });

  it('does not change the list it was given', () => {
    const copy = [...projects];
    filterProjects(projects, { query: 'a', status: 'all', sort: { column: 'id', direction: 'desc' } });
    expect(projects).toEqual(copy);
  });
});
