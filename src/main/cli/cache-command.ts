/** The dispatch `content-caches` and `cube-caches` share: `list` or an action word, then one profile. */
import type { CacheAction, CacheKind } from '../../shared/cache-monitor.ts';
import { findEnvironment } from '../use-cases/environments.ts';
import { exactly, parse } from './args.ts';
import { listCommand } from './cache-list.ts';
import { ACTION_OPTIONS, FILTER_OPTIONS, KIND_OPTIONS, actionCommand } from './cache-run.ts';
import { withActions, type Command } from './commands/command.ts';
import type { Context } from './context.ts';

type Action = (args: string[], context: Context) => Promise<number>;

export function cacheCommand(kind: CacheKind, actions: readonly CacheAction[]): Command['run'] {
  const command = kind === 'content' ? 'content-caches' : 'cube-caches';
  const list: Action = async (args, context) => {
    const { values, positionals } = parse(args, { ...FILTER_OPTIONS, ...KIND_OPTIONS[kind], csv: { type: 'string' } });
    const [name] = exactly(positionals, 1, 'one profile name');
    return listCommand(await findEnvironment(context.services, name as string), kind, values, context);
  };
  const act =
    (action: CacheAction): Action =>
    async (args, context) => {
      const { values, positionals } = parse(args, { ...FILTER_OPTIONS, ...KIND_OPTIONS[kind], ...ACTION_OPTIONS });
      const [name] = exactly(positionals, 1, 'one profile name');
      return actionCommand(await findEnvironment(context.services, name as string), kind, action, values, context);
    };
  return withActions(command, Object.fromEntries([['list', list], ...actions.map((action) => [action, act(action)])]));
}
