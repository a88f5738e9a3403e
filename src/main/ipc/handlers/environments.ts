/** `profiles:*`, `server:*` and `sessions:*`: the saved environments, their servers and sessions. */
import { AppError } from '../../../shared/errors.ts';
import * as environments from '../../use-cases/environments.ts';
import { JSON_FILES, type AreaHandlers, type HandlerContext } from './context.ts';

export function profileHandlers(context: HandlerContext): AreaHandlers<'profiles'> {
  const { services, dialogs, session } = context;
  return {
    'profiles:list': () => environments.listEnvironmentsWithRefreshTimes(services),
    'profiles:save': async ({ id, draft, proxyPassword, confirmPasswordCommand, forgetSecret }) =>
      (
        await environments.saveEnvironment(services, {
          id,
          draft,
          proxyPassword,
          confirmPasswordCommand,
          forgetSecret,
        })
      ).profile,
    'profiles:delete': async ({ id }) => {
      await environments.deleteEnvironment(services, id);
      return null;
    },
    'profiles:duplicate': ({ id }) => environments.duplicateEnvironment(services, id),
    'profiles:reorder': ({ ids }) => environments.reorderEnvironments(services, ids),
    'profiles:get': ({ id }) => environments.getEnvironment(services, id),
    'profiles:import-choose': async () => {
      const file = await dialogs.open({ title: 'Import profiles', filters: JSON_FILES });
      if (file === null) return null;
      const preview = await environments.previewEnvironmentImport(services, file);
      return { token: session.chosenImports.put(file), file, ...preview };
    },
    'profiles:import': async ({ token, onConflict, choices }) => {
      const file = session.chosenImports.peek(token);
      if (!file) throw new AppError('VALIDATION', 'Choose the file to import again.');
      session.chosenImports.delete(token);
      const imported = await environments.importEnvironments(services, file, { onConflict, choices });
      return { file, ...imported.report, unconfirmedCommands: imported.unconfirmedCommands.map((item) => item.name) };
    },
    'profiles:export': async ({ ids }) => {
      const title = 'Export profiles';
      const file = await dialogs.save({ title, defaultName: 'mstr-profiles.json', filters: JSON_FILES });
      if (file === null) return null;
      return { file, count: await environments.exportEnvironments(services, ids, file) };
    },
    'profiles:choose-ca-file': () =>
      dialogs.open({
        title: 'Choose the CA certificate (PEM)',
        filters: [{ name: 'Certificates', extensions: ['pem', 'crt', 'cer'] }],
      }),
  };
}

export function sessionHandlers(context: HandlerContext): AreaHandlers<'server' | 'sessions'> {
  const { services } = context;
  return {
    'server:test': (request) => environments.testDraft(services, request),
    'server:nodes': ({ profileId }) => environments.serverNodes(services, profileId),
    'sessions:list': async () => environments.sessionViews(services),
    'sessions:connect': async ({ profileId, secret, remember }) => {
      const profile = await environments.getEnvironment(services, profileId);
      return (await environments.connectEnvironment(services, profile, { secret: secret || undefined, remember })).view;
    },
    'sessions:disconnect': ({ profileId }) => environments.disconnectEnvironment(services, profileId),
  };
}
