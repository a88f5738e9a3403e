/**
 * Reads the Library's JSON answers into the app's model, tolerating the extra fields real servers
 * add (platformAnalytics, for one) and refusing shapes that are not the Library's at all.
 */
import { AppError } from '../../shared/errors.ts';
import type { ClusterNode, Project, ServerStatus, SessionInfo } from '../../shared/model.ts';

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function textOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function unexpected(what: string): AppError {
  return new AppError('NOT_A_LIBRARY_SERVER', `The server's answer to ${what} is not what a Library server sends.`);
}

export function readServerStatus(body: unknown): ServerStatus {
  if (!isRecord(body) || (body.iServerVersion === undefined && body.webVersion === undefined)) {
    throw unexpected('GET /api/status');
  }
  return {
    webVersion: textOrNull(body.webVersion),
    iServerVersion: textOrNull(body.iServerVersion),
    upSince: numberOrNull(body.upSince),
    baseUri: textOrNull(body.baseUri),
  };
}

export function readSessionInfo(body: unknown): SessionInfo {
  if (!isRecord(body)) throw unexpected('GET /api/sessions');
  return {
    userFullName: text(body.fullName),
    userId: text(body.id),
    idleTimeoutSeconds: numberOrNull(body.timeout) ?? 1800,
    locale: numberOrNull(body.locale),
  };
}

export function readProjects(body: unknown): Project[] {
  if (!Array.isArray(body)) throw unexpected('GET /api/projects');
  return body.filter(isRecord).flatMap((item) => {
    if (typeof item.id !== 'string' || typeof item.name !== 'string') return [];
    const owner = isRecord(item.owner) ? text(item.owner.name) : '';
    return [
      {
        id: item.id,
        name: item.name,
        status: numberOrNull(item.status) ?? 0,
        alias: text(item.alias),
        description: text(item.description),
        owner,
        dateCreated: textOrNull(item.dateCreated),
        dateModified: textOrNull(item.dateModified),
      },
    ];
  });
}

/** A page of GET /api/monitors/projects: `{projects: [...]}`, the total in x-mstr-total-count. */
export function readProjectPage(body: unknown, total: string | null): { projects: Project[]; total: number | null } {
  if (!isRecord(body) || !Array.isArray(body.projects)) throw unexpected('GET /api/monitors/projects');
  const count = total === null || total.trim() === '' ? NaN : Number(total);
  return { projects: readProjects(body.projects), total: Number.isInteger(count) && count >= 0 ? count : null };
}

/** The cluster's nodes sorted by name: the server's order varies between calls, every list of nodes shows this one. */
export function readClusterNodes(body: unknown): ClusterNode[] {
  if (!isRecord(body) || !Array.isArray(body.nodes)) throw unexpected('GET /api/monitors/iServer/nodes');
  const nodes = body.nodes.filter(isRecord).map((node) => ({
    name: text(node.name),
    port: numberOrNull(node.port),
    status: text(node.status) || 'unknown',
    load: numberOrNull(node.load),
    isDefault: node.default === true,
    projects: (Array.isArray(node.projects) ? node.projects : []).filter(isRecord).map((project) => ({
      id: text(project.id),
      name: text(project.name),
      status: text(project.status),
    })),
  }));
  return nodes.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
