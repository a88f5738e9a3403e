/** The shape of one command-line command: its help and what it does. */
import type { Context } from '../context.ts';

export interface Command {
  /** The text `COMMAND --help` prints. */
  help: string;
  run(args: string[], context: Context): Promise<number>;
}
