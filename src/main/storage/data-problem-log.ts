/**
 * The data-file problems one process met while it ran, each once: the command line prints them on
 * stderr when a command ends, whichever command read the file.
 */
import type { DataFileProblem } from '../../shared/data-file-problems.ts';
import type { ProblemSink } from './entry-file.ts';

export class DataProblemLog {
  readonly #problems = new Map<string, DataFileProblem>();

  readonly note: ProblemSink = (problems) => {
    for (const problem of problems) {
      const key = JSON.stringify([problem.code, problem.file, problem.entry?.index ?? null, problem.field]);
      if (!this.#problems.has(key)) this.#problems.set(key, problem);
    }
  };

  /** The problems noted since the last call, in the order they were first met. */
  take(): DataFileProblem[] {
    const problems = [...this.#problems.values()];
    this.#problems.clear();
    return problems;
  }
}
