/**
 * Subscriptions of a project (GET /api/subscriptions, project header) and a send now
 * (POST /api/v2/subscriptions/{id}/send).
 */
import type { SubscriptionRow } from '../../../shared/runbook.ts';
import type { LibraryConnection } from '../core/connection.ts';
import type { CallTrace } from '../core/exchange.ts';

function name(value: unknown): string | null {
  const candidate = (value as { name?: unknown } | null)?.name;
  return typeof candidate === 'string' ? candidate : null;
}

function readSubscription(value: unknown, projectId: string): SubscriptionRow | null {
  const record = (value ?? {}) as Record<string, unknown>;
  if (typeof record.id !== 'string' || typeof record.name !== 'string') return null;
  const delivery = (record.delivery ?? {}) as { mode?: unknown };
  const schedules = Array.isArray(record.schedules) ? record.schedules : [];
  const lastRun = [record.lastRun, record.dateLastRun, record.lastRunTime].find((item) => typeof item === 'string');
  return {
    id: record.id,
    name: record.name,
    owner: name(record.owner),
    delivery: typeof delivery.mode === 'string' ? delivery.mode.toLowerCase() : null,
    triggers: schedules.map(name).filter((item): item is string => item !== null),
    lastRun: (lastRun as string | undefined) ?? null,
    projectId,
  };
}

export async function listSubscriptions(connection: LibraryConnection, projectId: string): Promise<SubscriptionRow[]> {
  const rows: SubscriptionRow[] = [];
  const PAGE = 1000;
  for (let offset = 0; ; offset += PAGE) {
    const reply = await connection.call('subscriptions', 'get', 'subscriptions', {
      headers: { 'x-mstr-projectid': projectId },
      searchParams: { offset: String(offset), limit: String(PAGE) },
    });
    const page = (reply.json as { subscriptions?: unknown } | null)?.subscriptions;
    const items = Array.isArray(page) ? page : [];
    for (const item of items) {
      const row = readSubscription(item, projectId);
      if (row) rows.push(row);
    }
    if (items.length < PAGE) return rows;
  }
}

/** Sends a subscription now; sent once (a repeat would deliver it twice). */
export async function sendSubscription(
  connection: LibraryConnection,
  projectId: string,
  subscriptionId: string,
  trace?: CallTrace,
): Promise<void> {
  await connection.call('subscriptions', 'post', `v2/subscriptions/${encodeURIComponent(subscriptionId)}/send`, {
    headers: { 'x-mstr-projectid': projectId },
    expectBody: false,
    ...(trace ? { trace } : {}),
  });
}
