/**
 * What is wrong with a data file the admin may edit by hand (profiles, presets, schedules,
 * settings), as a value: services return these beside what they could read, and the window and
 * the command line both show them. The codes are stable; the text is for people.
 */

export const DATA_FILE_PROBLEM_CODES = [
  /** The file cannot be read at all (not JSON, or not the layout the app writes): nothing of it is used. */
  'DATA_FILE_DAMAGED',
  /** The file was written by a newer version of the app: nothing of it is used, nothing is written to it. */
  'DATA_FILE_NEWER',
  /** One entry (or one setting) is not valid: only it is left out, and it stays in the file as it is. */
  'DATA_ENTRY_INVALID',
] as const;

export type DataFileProblemCode = (typeof DATA_FILE_PROBLEM_CODES)[number];

export interface DataFileProblem {
  code: DataFileProblemCode;
  /** The file's full path. */
  file: string;
  /** The entry at fault, by its position in the file's list (0-based) and its name if it has one. */
  entry: { index: number; name: string | null } | null;
  /** The field at fault: a dotted path inside the entry, or a top-level key; null when not one field. */
  field: string | null;
  /** Why, in words ("Invalid type: Expected string"). Never the field's value. */
  reason: string;
}

/** One line for a person: what is wrong, where, and what the app does about it. */
export function describeDataFileProblem(problem: DataFileProblem): string {
  const where = [
    problem.entry
      ? `entry ${problem.entry.index + 1}${problem.entry.name === null ? '' : ` ("${problem.entry.name}")`}`
      : null,
    problem.field === null ? null : `field ${problem.field}`,
  ]
    .filter(Boolean)
    .join(', ');
  const place = where ? `${problem.file}, ${where}` : problem.file;
  switch (problem.code) {
    case 'DATA_ENTRY_INVALID':
      return `${place}: ${problem.reason}. It is left out and kept in the file as it is; fix or remove it there.`;
    case 'DATA_FILE_NEWER':
      return `${place}: ${problem.reason}. Nothing in it is used or changed; update the app to read it.`;
    case 'DATA_FILE_DAMAGED':
      return `${place} cannot be read: ${problem.reason}. Nothing in it is used, and it is left as it is (nothing is saved to it) until it is fixed or removed.`;
  }
}
