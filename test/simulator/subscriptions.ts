/** Subscriptions of a project (GET /subscriptions, project header) and send now (POST /v2/subscriptions/{id}/send). */
import type { ApiArea } from './api-area.ts';
import { forbidden, headerValue, notAllowed, ok } from './http.ts';
import { mayRun, type RunbookServer } from './cubes.ts';

const SEND = /^\/v2\/subscriptions\/([^/]+)\/send$/;

export function subscriptionsArea(server: RunbookServer): ApiArea {
  return {
    serves: (route) => route === '/subscriptions' || SEND.test(route),
    answer(call) {
      const projectId = headerValue(call.request.headers['x-mstr-projectid']) ?? '';
      if (call.route === '/subscriptions') {
        if (call.method !== 'GET') return notAllowed();
        const rows = server.runbook.subscriptions.filter((row) => row.projectId === projectId);
        return ok({
          subscriptions: rows.map((row) => ({
            id: row.id,
            name: row.name,
            owner: { name: row.owner, id: 'owner' },
            delivery: { mode: row.mode },
            schedules: [{ name: row.schedule }],
          })),
          total: rows.length,
        });
      }
      if (call.method !== 'POST') return notAllowed();
      if (!mayRun(call, 'canSendSubscriptions'))
        return forbidden('You do not have the privilege to send subscriptions.');
      const id = decodeURIComponent(SEND.exec(call.route)?.[1] ?? '');
      if (!server.runbook.subscriptions.some((row) => row.id === id && row.projectId === projectId))
        return { status: 404, error: { code: 'ERR004', message: `Subscription ${id} not found in this project.` } };
      server.runbook.performed.push({
        kind: 'send',
        id,
        projectId,
        username: call.session?.user?.username ?? '',
        at: Date.now(),
      });
      return { status: 204 };
    },
  };
}
