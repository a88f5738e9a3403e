/**
 * Ctrl-C and SIGTERM during a run. The first one (a scheduler stopping the job sends SIGTERM)
 * stops starting calls: the run lets the calls in flight end, records every item's end and prints
 * its summary, and the command exits 130. A second one exits at once and says what the history may
 * be missing.
 */
import { EXIT, type Context } from './context.ts';

export interface Interrupts {
  /** Whether a first Ctrl-C or SIGTERM came. */
  readonly requested: boolean;
  /** Stops listening (the run is over). */
  dispose(): void;
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export interface InterruptChoices {
  /** Stops starting calls. */
  stop: () => void;
  /** What the history may lack when the process exits at once. */
  unrecorded: () => string;
}

export function watchInterrupts(context: Context, choices: InterruptChoices): Interrupts {
  let requested = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    const key = signal === 'SIGINT' ? 'Ctrl-C' : signal;
    if (requested) {
      context.io.stderr(`\n${key} again: exiting at once. ${choices.unrecorded()}\n`);
      process.exit(EXIT.interrupted);
    }
    requested = true;
    context.io.stderr(
      `\n${key}: stopping. No new calls are started; the calls in flight end and every item is recorded. ` +
        `Press Ctrl-C again to exit at once.\n`,
    );
    choices.stop();
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
  return {
    get requested() {
      return requested;
    },
    dispose: () => {
      for (const signal of SIGNALS) process.off(signal, onSignal);
    },
  };
}
