/**
 * Command Manager script text as statements of tokens: words (keywords, GUIDs, numbers), quoted
 * names (double or single quotes, `^` escaping the next character), commas; `//` line comments
 * and `/* *\/` block comments dropped; `;` ending a statement, which may span lines. Each statement
 * keeps the line it starts on. Never throws: what cannot be read is reported as a problem with
 * its line.
 */

export type Token =
  | { kind: 'word'; text: string; line: number }
  | { kind: 'name'; text: string; line: number }
  | { kind: 'comma'; line: number }
  | { kind: 'other'; text: string; line: number };

export interface Statement {
  line: number;
  tokens: Token[];
  /** The statement as written (for the report), whitespace folded. */
  text: string;
}

export interface LexProblem {
  line: number;
  reason: string;
}

export interface Lexed {
  statements: Statement[];
  problems: LexProblem[];
}

const WORD = /[A-Za-z0-9_\-.{}\\/:$@#]/;

/** Reads a quoted name from `start` (at the quote); `^` escapes the next character. */
function readName(source: string, start: number): { text: string; end: number } | null {
  const quote = source[start];
  let text = '';
  for (let index = start + 1; index < source.length; index += 1) {
    const char = source[index] as string;
    if (char === '^' && index + 1 < source.length) {
      text += source[index + 1];
      index += 1;
    } else if (char === quote) return { text, end: index + 1 };
    else text += char;
  }
  return null;
}

class Scanner {
  readonly statements: Statement[] = [];
  readonly problems: LexProblem[] = [];
  #tokens: Token[] = [];
  #start = 0;
  #line = 1;

  readonly source: string;

  constructor(source: string) {
    this.source = source;
  }

  run(): Lexed {
    let index = 0;
    while (index < this.source.length) index = this.#step(index);
    if (this.#tokens.length > 0)
      this.problems.push({
        line: this.#tokens[0]?.line ?? this.#line,
        reason: 'The statement does not end with ";" before the end of the script.',
      });
    return { statements: this.statements, problems: this.problems };
  }

  /** Reads what starts at `index`; returns where the next thing starts. */
  #step(index: number): number {
    const source = this.source;
    const char = source[index] as string;
    if (char === '\n') {
      this.#line += 1;
      return index + 1;
    }
    if (/\s/.test(char)) return index + 1;
    if (source.startsWith('//', index)) {
      const end = source.indexOf('\n', index);
      return end === -1 ? source.length : end;
    }
    if (source.startsWith('/*', index)) return this.#blockComment(index);
    if (char === '"' || char === "'") return this.#name(index);
    if (this.#tokens.length === 0) this.#start = index;
    if (char === ';') {
      this.#end(index);
      return index + 1;
    }
    if (char === ',') {
      this.#tokens.push({ kind: 'comma', line: this.#line });
      return index + 1;
    }
    if (!WORD.test(char)) {
      this.#tokens.push({ kind: 'other', text: char, line: this.#line });
      return index + 1;
    }
    let end = index;
    while (end < source.length && WORD.test(source[end] as string)) end += 1;
    this.#tokens.push({ kind: 'word', text: source.slice(index, end), line: this.#line });
    return end;
  }

  #blockComment(index: number): number {
    const end = this.source.indexOf('*/', index + 2);
    if (end === -1) {
      this.problems.push({
        line: this.#line,
        reason: 'A "/*" comment is not closed; the rest of the script was not read.',
      });
      return this.source.length;
    }
    this.#line += countLines(this.source.slice(index, end));
    return end + 2;
  }

  #name(index: number): number {
    if (this.#tokens.length === 0) this.#start = index;
    const name = readName(this.source, index);
    if (!name) {
      this.problems.push({
        line: this.#line,
        reason: 'A quoted name is not closed; the rest of the script was not read.',
      });
      this.#tokens = [];
      return this.source.length;
    }
    this.#tokens.push({ kind: 'name', text: name.text, line: this.#line });
    this.#line += countLines(this.source.slice(index, name.end));
    return name.end;
  }

  #end(index: number): void {
    if (this.#tokens.length > 0) {
      const text = this.source
        .slice(this.#start, index + 1)
        .replace(/\s+/g, ' ')
        .trim();
      this.statements.push({ line: this.#tokens[0]?.line ?? this.#line, tokens: this.#tokens, text });
    }
    this.#tokens = [];
  }
}

function countLines(text: string): number {
  let lines = 0;
  for (const char of text) if (char === '\n') lines += 1;
  return lines;
}

/** The statements of a script (a UTF-8 BOM and Windows line endings are fine). */
export function lexScript(source: string): Lexed {
  const text = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  return new Scanner(text).run();
}
