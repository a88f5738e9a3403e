/**
 * Project state per node, as the cluster monitor lists it: every running node (or the chosen ones)
 * with each project's status there, projects in different states on different nodes marked
 * asymmetric, and how a project named by name or id is found in that list.
 */
import { AppError } from '../../shared/errors.ts';
import type { ClusterNode } from '../../shared/model.ts';
import type { ProjectStateRow, ProjectStateTable, StateNode } from '../../shared/project-state.ts';

function stateNodes(nodes: readonly ClusterNode[], chosen: readonly string[] | undefined): StateNode[] {
  const listed = nodes.map((node) => ({ name: node.name, status: node.status, running: node.status === 'running' }));
  if (!chosen || chosen.length === 0) return listed;
  const unknown = chosen.filter((name) => !listed.some((node) => node.name === name));
  if (unknown.length > 0)
    throw new AppError(
      'VALIDATION',
      `No node is named ${unknown.map((name) => `"${name}"`).join(', ')}; the nodes are ${listed.map((node) => node.name).join(', ')}.`,
    );
  return listed.filter((node) => chosen.includes(node.name));
}

/** The table of every project's status on each running node of `nodes` (the chosen ones only, if any). */
export function stateTable(
  profile: { id: string; name: string },
  nodes: readonly ClusterNode[],
  chosen?: readonly string[],
): ProjectStateTable {
  const shown = stateNodes(nodes, chosen);
  const running = nodes.filter((node) => node.status === 'running' && shown.some((s) => s.name === node.name));
  const rows = new Map<string, ProjectStateRow>();
  for (const node of running)
    for (const project of node.projects) {
      const row = rows.get(project.id) ?? { id: project.id, name: project.name, states: [], asymmetric: false };
      row.states.push({ node: node.name, status: project.status || 'unknown' });
      rows.set(project.id, row);
    }
  for (const row of rows.values()) {
    for (const node of running)
      if (!row.states.some((state) => state.node === node.name))
        row.states.push({ node: node.name, status: 'unloaded' });
    row.states.sort(
      (a, b) => running.findIndex((n) => n.name === a.node) - running.findIndex((n) => n.name === b.node),
    );
    row.asymmetric = new Set(row.states.map((state) => state.status.toLowerCase())).size > 1;
  }
  return {
    profileId: profile.id,
    profileName: profile.name,
    nodes: shown,
    projects: [...rows.values()].sort((a, b) => a.name.localeCompare(b.name)),
    fetchedAt: new Date().toISOString(),
  };
}

/** The project a name or id means in the table; refuses one no node lists, and a name two projects share. */
export function findStateRow(table: ProjectStateTable, project: string): ProjectStateRow {
  const wanted = project.trim();
  const byId = table.projects.find((row) => row.id.toUpperCase() === wanted.toUpperCase());
  if (byId) return byId;
  const byName = table.projects.filter((row) => row.name === wanted);
  if (byName.length > 1)
    throw new AppError('VALIDATION', `Two projects are named "${wanted}"; give the project's id instead.`);
  const [only] = byName;
  if (!only)
    throw new AppError(
      'PROJECT_NOT_FOUND',
      `No running node of ${table.profileName} lists a project "${wanted}". Nothing was sent.`,
    );
  return only;
}
