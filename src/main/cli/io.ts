/** The terminal a command-line run talks to; tests hand in their own. */
import { Writable } from 'node:stream';
import { isatty } from 'node:tty';

export interface CliIo {
  stdout: (text: string) => void;
  /** Settles once standard output has taken what was written (a long listing waits for a slow reader). */
  stdoutDrained: () => Promise<void>;
  stderr: (text: string) => void;
  /** The whole of standard input (for --password-stdin). */
  readStdin: () => Promise<string>;
  /** Asks a question at the terminal; null where there is no terminal to ask. */
  ask: ((question: string) => Promise<string>) | null;
  /** Asks for a secret at the terminal without echoing it; null where there is no terminal. */
  askSecret: ((question: string) => Promise<string>) | null;
  stderrIsTerminal: boolean;
  env: NodeJS.ProcessEnv;
  /** The working folder of the process. */
  cwd: string;
}

async function question(text: string, echo: boolean): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  // Loaded only when a command asks something: most runs never do.
  const { createInterface } = await import('node:readline/promises');
  const prompt = createInterface({ input: process.stdin, output, terminal: true });
  try {
    const answer = prompt.question(text);
    muted = !echo;
    return await answer;
  } finally {
    if (!echo) process.stderr.write('\n');
    prompt.close();
  }
}

/** Settles when `stream` has room again, or can take no more (closed or failed: nothing to wait for). */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  if (!stream.writableNeedDrain) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      for (const event of ['drain', 'close', 'error']) stream.off(event, done);
      resolve();
    };
    for (const event of ['drain', 'close', 'error']) stream.once(event, done);
  });
}

export function processIo(): CliIo {
  // Asked of the descriptors, not of process.stdin: making that stream (a file stream when input is
  // redirected) costs every run a few milliseconds, and most never read it.
  const interactive = isatty(0) && isatty(2);
  return {
    stdout: (text) => process.stdout.write(text),
    stdoutDrained: () => drained(process.stdout),
    stderr: (text) => process.stderr.write(text),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    ask: interactive ? (text) => question(text, true) : null,
    askSecret: interactive ? (text) => question(text, false) : null,
    stderrIsTerminal: Boolean(process.stderr.isTTY),
    env: process.env,
    cwd: process.cwd(),
  };
}
