/** The shape of one command-line command, and the dispatch of commands that take an action word. */
import { usage } from '../args.ts';
import type { Context } from '../context.ts';

export interface Command {
  /** The text `COMMAND --help` prints. */
  help: string;
  run(args: string[], context: Context): Promise<number>;
}

type Action = (args: string[], context: Context) => Promise<number>;

/** `profiles add …`, `preset run …`: the first word picks the action, the rest is its arguments. */
export function withActions(command: string, actions: Record<string, Action>): Command['run'] {
  return async (args, context) => {
    const [name, ...rest] = args;
    const action = name !== undefined && Object.hasOwn(actions, name) ? actions[name] : undefined;
    if (!action) throw usage(`${command} takes ${Object.keys(actions).join(', ')}.`);
    return action(rest, context);
  };
}
