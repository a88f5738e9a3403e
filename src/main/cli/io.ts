/** The terminal a command-line run talks to; tests hand in their own. */
import { createInterface } from 'node:readline/promises';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** The whole of standard input (for --password-stdin). */
  readStdin: () => Promise<string>;
  /** Asks a question at the terminal; null where there is no terminal to ask. */
  ask: ((question: string) => Promise<string>) | null;
  stderrIsTerminal: boolean;
  env: NodeJS.ProcessEnv;
}

export function processIo(): CliIo {
  const interactive = Boolean(process.stdin.isTTY && process.stderr.isTTY);
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    ask: interactive
      ? async (question) => {
          const prompt = createInterface({ input: process.stdin, output: process.stderr });
          try {
            return await prompt.question(question);
          } finally {
            prompt.close();
          }
        }
      : null,
    stderrIsTerminal: Boolean(process.stderr.isTTY),
    env: process.env,
  };
}
