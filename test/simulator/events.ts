/** Events (GET /events, POST /events/{id}/trigger; gate 11.3.0100; 403 without the trigger privilege). */
import type { ApiArea } from './api-area.ts';
import { forbidden, isAtLeast, notAllowed, notFound, ok } from './http.ts';
import { mayRun, type RunbookServer } from './cubes.ts';

const TRIGGER = /^\/events\/([^/]+)\/trigger$/;

export function eventsArea(server: RunbookServer): ApiArea {
  return {
    serves: (route) => route === '/events' || TRIGGER.test(route),
    answer(call) {
      if (!isAtLeast(server.iServerVersion, [11, 3, 100])) return notFound();
      if (call.route === '/events') {
        if (call.method !== 'GET') return notAllowed();
        const offset = Number(call.query.get('offset') ?? '0');
        const limit = Number(call.query.get('limit') ?? '1000');
        return ok({ events: server.runbook.events.slice(offset, offset + limit), total: server.runbook.events.length });
      }
      if (call.method !== 'POST') return notAllowed();
      if (!mayRun(call, 'canTriggerEvents')) return forbidden('You do not have the privilege to trigger events.');
      const id = decodeURIComponent(TRIGGER.exec(call.route)?.[1] ?? '');
      if (!server.runbook.events.some((event) => event.id === id))
        return { status: 404, error: { code: 'ERR004', message: `Event ${id} not found.` } };
      server.runbook.performed.push({
        kind: 'trigger',
        id,
        projectId: null,
        username: call.session?.user?.username ?? '',
        at: Date.now(),
      });
      return { status: 204 };
    },
  };
}
