/** Events (GET /api/events, POST /api/events/{id}/trigger): no project header, any 2xx is accepted. */
import type { EventRow } from '../../../shared/runbook.ts';
import type { LibraryConnection } from '../core/connection.ts';
import type { CallTrace } from '../core/exchange.ts';

function readEvent(value: unknown): EventRow | null {
  const record = (value ?? {}) as Record<string, unknown>;
  if (typeof record.id !== 'string' || typeof record.name !== 'string') return null;
  return {
    id: record.id,
    name: record.name,
    description: typeof record.description === 'string' ? record.description : null,
  };
}

export async function listEvents(connection: LibraryConnection): Promise<EventRow[]> {
  const events: EventRow[] = [];
  const PAGE = 1000;
  for (let offset = 0; ; offset += PAGE) {
    const reply = await connection.call('events', 'get', 'events', {
      searchParams: { offset: String(offset), limit: String(PAGE) },
    });
    const page = (reply.json as { events?: unknown } | null)?.events;
    const rows = Array.isArray(page) ? page : [];
    for (const row of rows) {
      const event = readEvent(row);
      if (event) events.push(event);
    }
    if (rows.length < PAGE) return events;
  }
}

/** Triggers an event; sent once (each trigger starts the schedules that wait for it). */
export async function triggerEvent(connection: LibraryConnection, eventId: string, trace?: CallTrace): Promise<void> {
  await connection.call('events', 'post', `events/${encodeURIComponent(eventId)}/trigger`, {
    expectBody: false,
    ...(trace ? { trace } : {}),
  });
}
