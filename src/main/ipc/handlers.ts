/**
 * The handlers behind every IPC channel, as plain functions of validated requests over the
 * services. No Electron here: native dialogs and link opening come in as dependencies, so the
 * whole registry runs under Node in tests.
 */
import { AppError } from '../../shared/errors.ts';
import type { AppInfo, Channel, PushEvent, PushEvents, RequestOf, ResponseOf } from '../../shared/ipc.ts';
import { MstrClient } from '../mstr/index.ts';
import { exportProfiles, importProfiles, previewImport } from '../profiles/profile-exchange.ts';
import { validDraft } from '../profiles/profile-store.ts';
import { bindingOf, forgetSecretsIfMoved, forgetSecretsOfMoved } from '../profiles/secret-binding.ts';
import { ProgressBatcher } from '../purge/progress-batcher.ts';
import { RunRegistry } from '../purge/run-registry.ts';
import { scheduledCommand } from '../cli/scheduled-command.ts';
import type { Services } from '../services.ts';
import type { SettingsStore } from '../settings/settings-store.ts';
import { isAllowedExternalUrl } from '../shell/external-links.ts';
import { isProductionTier } from '../../shared/profile-schema.ts';
import type { HistoryFilter } from '../purge/history.ts';
import type { HistoryQuery } from '../../shared/ipc.ts';
import type { PurgeItem } from '../../shared/model.ts';
import type { CacheActionItem, CacheActionOutcome, CacheActionPlan, CacheListing } from '../../shared/cache-monitor.ts';
import { toErrorInfo } from '../../shared/errors.ts';
import { planUnpublishes, singlePurge } from '../../shared/plan-steps.ts';
import { importedSteps, type ScriptImport } from '../../shared/script-import.ts';
import { importScriptFile } from '../cmdmgr/script-import.ts';
import { runPlan } from '../plans/plan-runner.ts';
import { summarise as summariseCaches } from '../caches/cache-monitor.ts';
import { newId } from '../storage/new-id.ts';

export type Handler<C extends Channel> = (request: RequestOf<C>) => Promise<ResponseOf<C>>;
export type HandlerMap = { [C in Channel]: Handler<C> };

export interface FileDialogs {
  /** A path the user chose to open, or null when cancelled. */
  open(options: { title: string; filters: { name: string; extensions: string[] }[] }): Promise<string | null>;
  /** A path the user chose to save to, or null when cancelled. */
  save(options: {
    title: string;
    defaultName: string;
    filters: { name: string; extensions: string[] }[];
  }): Promise<string | null>;
}

export interface MainDependencies {
  services: Services;
  settings: SettingsStore;
  dialogs: FileDialogs;
  openExternal: (url: string) => Promise<void>;
  /** Puts text on the system clipboard (the renderer has no clipboard permission). */
  copyText: (text: string) => void;
  emit: <E extends PushEvent>(event: E, payload: PushEvents[E]) => void;
  appInfo: () => Omit<AppInfo, 'dataFolder'>;
}

export interface MainHandlers {
  handlers: HandlerMap;
  runs: RunRegistry;
  /** On quit: stops starting new calls in every purge, cache action and plan, and waits for those in flight. */
  stopRuns(): Promise<void>;
}

const JSON_FILES = [{ name: 'JSON', extensions: ['json'] }];

export function createHandlers(dependencies: MainDependencies): MainHandlers {
  const { services, settings, dialogs, emit } = dependencies;
  const { profiles, sessions, history, presets, projects, engine, schedules } = services;
  const runs = new RunRegistry(engine);
  /**
   * Scripts the user picked for import, read once, by token: the renderer never names a path, and
   * what is saved is exactly the preview it showed, even if the file changes in between.
   */
  const chosenScripts = new Map<string, ScriptImport>();
  const planRuns = new Map<string, { cancelled: boolean; done: Promise<void> }>();
  /** The last cache list per environment and kind: plans name caches of it, never raw ids. */
  const cacheListings = new Map<string, CacheListing>();
  /** Files the user picked for import, by token: the renderer never names a path itself. */
  const chosenImports = new Map<string, string>();
  sessions.onChange((view) => emit('session:changed', view));

  /** The stored proxy password, only for the proxy it was stored for (a test may try another one). */
  async function storedProxyPassword(
    profileId: string,
    draft: Parameters<typeof bindingOf>[0],
  ): Promise<string | null> {
    const stored = await profiles.get(profileId).catch(() => null);
    if (!stored || bindingOf(stored, 'proxy-password') !== bindingOf(draft, 'proxy-password')) return null;
    return services.secrets.get(profileId, 'proxy-password');
  }

  const handlers: HandlerMap = {
    'app:info': async () => ({ ...dependencies.appInfo(), dataFolder: services.dataFolder }),
    'app:settings': () => settings.get(),
    'app:save-settings': (patch) => settings.save(patch),
    'app:open-external': async ({ url }) => {
      if (!isAllowedExternalUrl(url))
        throw new AppError('VALIDATION', 'This link is not on the list of pages the app opens.');
      await dependencies.openExternal(url); // eng-disable OPEN_EXTERNAL_JS_CHECK -- allow-listed https URL only
      return null;
    },
    'app:copy-text': async ({ text }) => {
      dependencies.copyText(text);
      return null;
    },
    'app:data-problems': async () => {
      const loads = await Promise.all([
        profiles.load(),
        presets.load(),
        services.scheduleStore.load(),
        settings.load(),
      ]);
      return loads.flatMap((loaded) => loaded.problems);
    },
    'keychain:status': () => services.secrets.status(),
    'profiles:list': async () => {
      const listed = await profiles.list();
      const times = await Promise.all(
        listed.profiles.map(async (profile) => [profile.id, await projects.fetchedAt(profile.id)] as const),
      );
      return { ...listed, refreshedAt: Object.fromEntries(times) };
    },
    'profiles:save': async ({ id, draft, proxyPassword }) => {
      const before = id === undefined ? null : await profiles.get(id);
      const saved = id === undefined ? await profiles.create(draft) : await profiles.update(id, draft);
      if (before) await forgetSecretsIfMoved(before, saved, services.secrets);
      // Unticking "Remember the password" in the editor is how a user makes the app forget it.
      if (before?.rememberSecret && !saved.rememberSecret) {
        await services.secrets.delete(saved.id, 'password');
        await services.secrets.delete(saved.id, 'api-token');
      }
      if (proxyPassword === '') await services.secrets.delete(saved.id, 'proxy-password');
      else if (proxyPassword !== undefined) await services.secrets.set(saved.id, 'proxy-password', proxyPassword);
      await sessions.for(saved);
      return saved;
    },
    'profiles:delete': async ({ id }) => {
      await profiles.remove(id);
      await sessions.forget(id);
      await projects.forget(id);
      const { removed } = await presets.removeEnvironment(id);
      for (const name of removed) await schedules.removeIfAny(name);
      return null;
    },
    'profiles:duplicate': ({ id }) => profiles.duplicate(id),
    'profiles:reorder': ({ ids }) => profiles.reorder(ids),
    'profiles:get': ({ id }) => profiles.get(id),
    'profiles:import-choose': async () => {
      const file = await dialogs.open({ title: 'Import profiles', filters: JSON_FILES });
      if (file === null) return null;
      const token = newId();
      chosenImports.set(token, file);
      return { token, file, ...(await previewImport(profiles, file)) };
    },
    'profiles:import': async ({ token, onConflict, choices }) => {
      const file = chosenImports.get(token);
      if (!file) throw new AppError('VALIDATION', 'Choose the file to import again.');
      chosenImports.delete(token);
      const before = (await profiles.list()).profiles;
      const report = await importProfiles(profiles, file, { onConflict, choices });
      const moved = await forgetSecretsOfMoved(before, (await profiles.list()).profiles, services.secrets);
      for (const { profile } of moved) await sessions.for(profile);
      return { file, ...report };
    },
    'profiles:export': async ({ ids }) => {
      const file = await dialogs.save({
        title: 'Export profiles',
        defaultName: 'mstr-profiles.json',
        filters: JSON_FILES,
      });
      if (file === null) return null;
      return { file, count: await exportProfiles(profiles, ids, file) };
    },
    'profiles:choose-ca-file': () =>
      dialogs.open({
        title: 'Choose the CA certificate (PEM)',
        filters: [{ name: 'Certificates', extensions: ['pem', 'crt', 'cer'] }],
      }),
    'server:test': async ({ draft, profileId, proxyPassword }) => {
      const profile = validDraft(draft);
      const client = new MstrClient({
        url: profile.url,
        timeoutMs: profile.timeoutSeconds * 1000,
        tls: profile.tls,
        proxyUrl: profile.proxyUrl ?? undefined,
        proxyPassword: async () => proxyPassword ?? (profileId ? await storedProxyPassword(profileId, profile) : null),
        retry: { limit: 0 },
      });
      try {
        return await client.testConnection();
      } finally {
        await client.close();
      }
    },
    'server:nodes': async ({ profileId }) =>
      (await sessions.for(await profiles.get(profileId))).use((client) => client.listNodes()),
    'sessions:list': async () => sessions.views(),
    'sessions:connect': async ({ profileId, secret, remember }) => {
      const session = await sessions.for(await profiles.get(profileId));
      return session.connect({ ...(secret ? { secret } : {}), ...(remember === undefined ? {} : { remember }) });
    },
    'sessions:disconnect': async ({ profileId }) => {
      const session = await sessions.for(await profiles.get(profileId));
      await session.disconnect();
      return session.view;
    },
    'projects:list': async ({ profileId, refresh }) => {
      const listing = await projects.list(await sessions.for(await profiles.get(profileId)), refresh);
      const ids = listing.projects.map((project) => project.id);
      return { ...listing, lastPurged: await history.lastPurged(profileId, ids) };
    },
    'purge:prepare': async (request) => runs.add(await engine.prepare(request)),
    'purge:start': async ({ planId, confirmed }) => {
      if (runs.plan(planId).touchesProduction && !confirmed)
        throw new AppError(
          'CONFIRMATION_REQUIRED',
          'Type the name of every production environment to confirm this purge. Nothing was sent.',
        );
      const progress = new ProgressBatcher((items: PurgeItem[]) => emit('purge:progress', { planId, items }));
      runs.start(planId, (event) => {
        if (event.type === 'item') return progress.add(event.item);
        progress.flush();
        emit('purge:finished', event.outcome);
      });
      return { planId };
    },
    'purge:cancel': async ({ planId }) => {
      runs.cancel(planId);
      return null;
    },
    'purge:retry': async ({ planId }) => runs.retry(planId),
    'purge:results': async ({ planId }) => runs.outcome(planId),
    'caches:list': async ({ profileId, kind, nodes }) => {
      const listing = await services.caches.list(profileId, kind, nodes ? { nodes } : {});
      cacheListings.set(`${profileId}/${kind}`, listing);
      return listing;
    },
    'caches:plan': async ({ profileId, kind, action, keys }) => {
      const listing = cacheListings.get(`${profileId}/${kind}`);
      const byKey = new Map(listing?.caches.map((row) => [`${row.node}/${row.id}`, row]));
      const caches = keys.map((key) => byKey.get(key));
      if (caches.some((row) => row === undefined))
        throw new AppError(
          'VALIDATION',
          'Some of the chosen caches are not in the current list; refresh and choose again.',
        );
      return services.caches.plan({ profileId, kind, action, caches: caches as CacheListing['caches'] });
    },
    'caches:start': async ({ planId, confirmed }) => {
      const plan = services.caches.getPlan(planId);
      if ((plan.touchesProduction || plan.unpublishes) && !confirmed)
        throw new AppError(
          'CONFIRMATION_REQUIRED',
          plan.unpublishes
            ? 'Accept that deleting these cube caches unpublishes the cubes first. Nothing was sent.'
            : `Type ${plan.profileName} to confirm this action on production. Nothing was sent.`,
        );
      const progress = new ProgressBatcher((items: CacheActionItem[]) => emit('caches:progress', { planId, items }));
      void services.caches
        .start(planId, (event) => {
          if (event.type === 'item') return progress.add(event.item);
          progress.flush();
          emit('caches:finished', event.outcome);
        })
        .catch((error: unknown) => {
          progress.flush();
          emit('caches:finished', failedRun(services.caches.getPlan(planId), error));
        });
      return { planId };
    },
    'caches:cancel': async ({ planId }) => {
      services.caches.cancel(planId);
      return null;
    },
    'caches:retry': async ({ planId }) => services.caches.retry(planId),
    'caches:confirm': ({ planId }) => services.caches.confirm(planId),
    'history:list': (query) => history.list(historyFilter(query)),
    'history:export': async (query) => {
      const file = await dialogs.save({
        title: 'Export purge history',
        defaultName: 'purge-history.csv',
        filters: [{ name: 'CSV', extensions: ['csv'] }],
      });
      if (file === null) return null;
      return { file, count: await history.exportCsv(file, historyFilter(query)) };
    },
    'presets:list': async () => (await presets.list()).presets,
    'presets:save': (preset) => presets.save(preset, { replace: true }),
    'presets:remove': async ({ name }) => {
      const preset = await presets.get(name);
      await schedules.removeIfAny(preset.name);
      await presets.remove(preset.name);
      return null;
    },
    'presets:rename': async ({ name, newName }) => (await schedules.renamePreset(name, newName)).preset,
    'presets:prepare': async ({ name }) => {
      const preset = await presets.get(name);
      const only = singlePurge(preset);
      if (!only) throw new AppError('VALIDATION', `Preset "${preset.name}" has several steps; run it as a plan.`);
      return runs.add(
        await engine.prepare({
          environments: preset.environments,
          projects: only.projects,
          cacheTypes: only.cacheTypes,
        }),
      );
    },
    'presets:command': async ({ name }) => {
      const preset = await presets.get(name);
      const chosen = await Promise.all(preset.environments.map((id) => profiles.get(id)));
      // Production, or a plan that deletes cube caches: the command carries --yes.
      return scheduledCommand({
        id: schedules.jobIdFor(preset.name),
        presetName: preset.name,
        production: chosen.some((profile) => isProductionTier(profile.tier)) || planUnpublishes(preset),
      });
    },
    'presets:script-choose': async () => {
      const file = await dialogs.open({
        title: 'Import a Command Manager script',
        filters: [{ name: 'Command Manager scripts', extensions: ['scp', 'txt'] }],
      });
      if (file === null) return null;
      const token = newId();
      const preview = await importScriptFile(file);
      chosenScripts.set(token, preview);
      return { token, ...preview };
    },
    'presets:script-import': async ({ token, name, environments, replace }) => {
      const preview = chosenScripts.get(token);
      if (!preview) throw new AppError('VALIDATION', 'Choose the script again.');
      const steps = importedSteps(preview);
      if (steps.length === 0) throw new AppError('VALIDATION', 'Nothing in this script can be imported as a step.');
      await Promise.all(environments.map((id) => profiles.get(id)));
      const saved = await presets.save({ name, environments, steps }, { replace });
      chosenScripts.delete(token);
      return saved;
    },
    'plans:start': async ({ name, confirmed, stopOnError }) => {
      const preset = await presets.get(name);
      const chosen = await Promise.all(preset.environments.map((id) => profiles.get(id)));
      if ((planUnpublishes(preset) || chosen.some((profile) => isProductionTier(profile.tier))) && !confirmed)
        throw new AppError('CONFIRMATION_REQUIRED', `Confirm the run of "${preset.name}" first. Nothing was sent.`);
      const runId = newId();
      const control = { cancelled: false, done: Promise.resolve() };
      planRuns.set(runId, control);
      const planServices = {
        engine,
        caches: services.caches,
        profileName: async (id: string) => (await profiles.get(id)).name,
      };
      control.done = runPlan(planServices, preset, {
        stopOnError,
        cancelled: () => control.cancelled,
        onStep: (step) => emit('plans:step', { runId, step }),
      })
        .then((outcome) => emit('plans:finished', { runId, outcome, error: null }))
        .catch((error: unknown) => emit('plans:finished', { runId, outcome: null, error: toErrorInfo(error) }))
        .finally(() => planRuns.delete(runId));
      return { runId };
    },
    'plans:cancel': async ({ runId }) => {
      const control = planRuns.get(runId);
      if (control) control.cancelled = true;
      return null;
    },
    'schedules:list': async () => ({ backend: schedules.backend, ...(await schedules.overview()) }),
    'schedules:add': (request) => schedules.add(request),
    'schedules:remove': async ({ presetName }) => {
      await schedules.remove(presetName);
      return null;
    },
    'schedules:unseen-failures': () => schedules.unseenFailures(),
    'schedules:acknowledge': async () => {
      await schedules.acknowledge();
      return null;
    },
  };
  const stopRuns = async (): Promise<void> => {
    for (const control of planRuns.values()) control.cancelled = true;
    runs.cancelAll();
    await Promise.all([
      runs.settle(),
      services.caches.settle(),
      ...[...planRuns.values()].map((control) => control.done),
    ]);
  };
  return { handlers, runs, stopRuns };
}

/** A run that could not start (the session was lost before the first call): every item failed, with why. */
function failedRun(plan: CacheActionPlan, error: unknown): CacheActionOutcome {
  const now = new Date().toISOString();
  const info = toErrorInfo(error);
  const items = plan.items.map((item) => ({ ...item, status: 'failed' as const, error: info, finishedAt: now }));
  return {
    planId: plan.id,
    runId: plan.runId,
    startedAt: now,
    finishedAt: now,
    durationMs: 0,
    summary: summariseCaches(items),
    items,
  };
}

function historyFilter(query: HistoryQuery): HistoryFilter {
  return {
    ...(query.profileName ? { profileName: query.profileName } : {}),
    ...(query.outcome ? { outcome: query.outcome } : {}),
    ...(query.since ? { since: new Date(query.since) } : {}),
    ...(query.until ? { until: new Date(query.until) } : {}),
    ...(query.limit ? { limit: query.limit } : {}),
  };
}
