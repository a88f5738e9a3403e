/**
 * What the window's main process holds between requests, free of Electron: purge runs by plan id,
 * maintenance-plan runs by run id, the last cache list per environment and kind (plans name caches
 * of it, never raw ids), and the files the user chose in a native dialog, by token (the renderer
 * never names a path, and what is saved is what the preview showed).
 */
import type { CacheKind } from '../../shared/cache-monitor.ts';
import type { ScriptImport } from '../../shared/script-import.ts';
import type { ListingView } from '../caches/listing-view.ts';
import { RunRegistry } from '../purge/run-registry.ts';
import type { Services } from '../services.ts';
import { newId } from '../storage/new-id.ts';

/** Things kept by a token handed to the renderer, each used once. */
export class TokenShelf<T> {
  readonly #items = new Map<string, T>();

  put(item: T): string {
    const token = newId();
    this.#items.set(token, item);
    return token;
  }

  peek(token: string): T | undefined {
    return this.#items.get(token);
  }

  delete(token: string): void {
    this.#items.delete(token);
  }
}

export function newRunId(): string {
  return newId();
}

export interface PlanRunControl {
  cancelled: boolean;
  done: Promise<void>;
}

export class WindowSession {
  readonly runs: RunRegistry;
  readonly planRuns = new Map<string, PlanRunControl>();
  /** The last listing per environment and kind, searched and sorted for the caches screen. */
  readonly cacheListings = new Map<string, ListingView>();
  /** Profile files chosen for import. */
  readonly chosenImports = new TokenShelf<string>();
  /** Command Manager scripts chosen for import, read once. */
  readonly chosenScripts = new TokenShelf<ScriptImport>();
  readonly #services: Services;

  constructor(services: Services) {
    this.#services = services;
    this.runs = new RunRegistry(services.engine);
  }

  listingKey(profileId: string, kind: CacheKind): string {
    return `${profileId}/${kind}`;
  }

  /** On quit: stops starting new calls in every purge, cache action and plan, and waits for those in flight. */
  async stopRuns(): Promise<void> {
    for (const control of this.planRuns.values()) control.cancelled = true;
    this.runs.cancelAll();
    await Promise.all([
      this.runs.settle(),
      this.#services.caches.settle(),
      ...[...this.planRuns.values()].map((control) => control.done),
    ]);
  }
}
