/** `presets:*` and `plans:*`: maintenance plans, their scheduled command, script import, and runs. */
import { AppError } from '../../../shared/errors.ts';
import * as plans from '../../use-cases/plans-and-presets.ts';
import { preparedInWindow } from '../../use-cases/projects-and-purges.ts';
import { windowConfirmations, type AreaHandlers, type HandlerContext } from './context.ts';

const SCRIPT_FILES = [{ name: 'Command Manager scripts', extensions: ['scp', 'txt'] }];

export function presetHandlers(context: HandlerContext): AreaHandlers<'presets'> {
  const { services, session, dialogs } = context;
  return {
    'presets:list': () => plans.listPresets(services),
    'presets:save': (preset) => plans.savePreset(services, preset, { replace: true }),
    'presets:remove': async ({ name }) => {
      await plans.removePreset(services, name);
      return null;
    },
    'presets:rename': async ({ name, newName }) => (await plans.renamePreset(services, name, newName)).preset,
    'presets:prepare': async ({ name }) => preparedInWindow(session, await plans.preparePresetPurge(services, name)),
    'presets:command': ({ name }) => plans.presetCommand(services, name),
    'presets:script-choose': async () => {
      const file = await dialogs.open({ title: 'Import a Command Manager script', filters: SCRIPT_FILES });
      if (file === null) return null;
      const preview = await plans.readScript(file);
      return { token: session.chosenScripts.put(preview), ...preview };
    },
    'presets:script-import': async ({ token, name, environments, replace, alwaysRunResume }) => {
      const preview = session.chosenScripts.peek(token);
      if (!preview) throw new AppError('VALIDATION', 'Choose the script again.');
      const saved = await plans.saveScriptAsPreset(services, preview, {
        name,
        environments,
        replace,
        ...(alwaysRunResume ? { alwaysRunResume } : {}),
      });
      if (!saved) throw new AppError('VALIDATION', 'Nothing in this script can be imported as a step.');
      session.chosenScripts.delete(token);
      return saved;
    },
  };
}

export function planHandlers(context: HandlerContext): AreaHandlers<'plans'> {
  const { services, session, emit } = context;
  return {
    'plans:start': ({ name, confirmed, stopOnError, alongside }) =>
      plans.startWindowPlan(
        services,
        session,
        { name, confirmations: windowConfirmations(confirmed), stopOnError, alongside: alongside === true },
        {
          onStep: (runId, step) => emit('plans:step', { runId, step }),
          onStepStarted: (runId, step) => emit('plans:step-started', { runId, ...step }),
          onFinished: (runId, outcome, error) => emit('plans:finished', { runId, outcome, error }),
        },
      ),
    'plans:preview': ({ name }) => plans.previewPresetPlan(services, name),
    'plans:cancel': async ({ runId }) => {
      plans.cancelWindowPlan(session, runId);
      return null;
    },
  };
}
