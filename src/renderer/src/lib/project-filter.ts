/**
 * Search, status filter and sort of a project list, as the projects table applies them on every
 * keystroke. Pure and allocation-light so 5,000 projects re-filter without visible lag.
 */
import { isLoadedStatus, projectStatusWord, type Project } from '../../../shared/model.ts';

export type SortColumn = 'name' | 'id' | 'status' | 'owner' | 'dateModified';
export type StatusFilter = 'all' | 'loaded' | 'not-loaded';

export interface ProjectQuery {
  query: string;
  status: StatusFilter;
  sort: { column: SortColumn; direction: 'asc' | 'desc' };
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

export function filterProjects(projects: readonly Project[], { query, status, sort }: ProjectQuery): Project[] {
  const needle = query.trim().toLowerCase();
  const matches = projects.filter((project) => {
    if (status === 'loaded' && !isLoadedStatus(project.status)) return false;
    if (status === 'not-loaded' && isLoadedStatus(project.status)) return false;
    return needle === '' || project.name.toLowerCase().includes(needle) || project.id.toLowerCase().includes(needle);
  });
  const direction = sort.direction === 'asc' ? 1 : -1;
  return matches.sort((a, b) => direction * collator.compare(sortKey(a, sort.column), sortKey(b, sort.column)));
}
