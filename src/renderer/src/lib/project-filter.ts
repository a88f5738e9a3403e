/**
 * Search, status filter and sort of a project list, as the projects table applies them (sorted once
 * per sort order, filtered at each keystroke: see sorted-search.ts).
 */
import { isLoadedStatus, projectStatusWord, type Project } from '../../../shared/model.ts';
import { searchSorted, sortForSearch, type SortedRows } from '../../../shared/sorted-search.ts';

export type SortColumn = 'name' | 'id' | 'status' | 'owner' | 'dateModified';
export type StatusFilter = 'all' | 'loaded' | 'not-loaded';

export interface ProjectSort {
  column: SortColumn;
  direction: 'asc' | 'desc';
}

export interface ProjectQuery {
  query: string;
  status: StatusFilter;
  sort: ProjectSort;
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

function sortKey(project: Project, column: SortColumn): string {
  switch (column) {
    case 'status':
      return projectStatusWord(project.status);
    case 'dateModified':
      return project.dateModified ?? '';
    default:
      return project[column];
  }
}

export function sortProjects(projects: readonly Project[], sort: ProjectSort): SortedRows<Project> {
  return sortForSearch(
    projects,
    { sortKeyOf: (project) => sortKey(project, sort.column), compare: collator.compare, direction: sort.direction },
    (project) => `${project.name}\u0000${project.id}`,
  );
}

export function searchProjects(sorted: SortedRows<Project>, query: string, status: StatusFilter): Project[] {
  return searchSorted(
    sorted,
    query,
    status === 'all' ? undefined : (project) => isLoadedStatus(project.status) === (status === 'loaded'),
  );
}

export function filterProjects(projects: readonly Project[], { query, status, sort }: ProjectQuery): Project[] {
  return searchProjects(sortProjects(projects, sort), query, status);
}
