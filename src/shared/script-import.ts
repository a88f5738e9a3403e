/** What importing a Command Manager script found: the steps, and every statement not imported with its line and reason. */
import type { Step } from './preset-schema.ts';

export interface ImportedStatement {
  line: number;
  /** The statement as written (as in NotImportedStatement). */
  statement: string;
  steps: Step[];
  /** What the reading assumed or could not check ("the folder is not checked"). */
  notes: string[];
}

export interface NotImportedStatement {
  line: number;
  /** The statement as written, whitespace folded, every password literal shown as "***". */
  statement: string;
  reason: string;
}

export interface ScriptImport {
  file: string;
  imported: ImportedStatement[];
  notImported: NotImportedStatement[];
  /** A statement carried a password literal: it was read past, never kept. */
  passwordIgnored: boolean;
  /**
   * The script idles a project and later resumes it: the positions (among the imported steps) of
   * the resume steps the preview offers to mark "always run".
   */
  resumeAfterIdle?: number[];
}

/** The steps of an import, in the script's order. */
export function importedSteps(result: ScriptImport): Step[] {
  return result.imported.flatMap((statement) => statement.steps);
}
