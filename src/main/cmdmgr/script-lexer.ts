/**
 * Command Manager script text as statements of tokens: words (keywords, GUIDs, numbers), quoted
 * names (double or single quotes, `^` escaping the next character), commas; `//` line comments
 * and `/* *\/` block comments dropped; `;` ending a statement, which may span lines. Each statement
 * is handed over as soon as it ends, with the line it starts on, and then forgotten: memory follows
 * the longest statement (at most MAX_STATEMENT_TOKENS tokens are kept of one), not the script.
 *
 * Password literals are masked here, for every statement alike: the word or name after a keyword
 * ending in PASSWORD (PASSWORD, WHPASSWORD, …) or after IDENTIFIED BY is kept only as "***", in the
 * tokens and in the statement's text. A quoted name or a block comment that is never closed means
 * the script cannot be read whole: the lexer stops and says where it opened.
 */

export type Token =
  | { kind: 'word'; text: string; line: number }
  | { kind: 'name'; text: string; line: number }
  | { kind: 'comma'; line: number }
  | { kind: 'other'; text: string; line: number };

export interface Statement {
  line: number;
  tokens: Token[];
  /** The statement as written, whitespace folded, passwords masked, at most SHOWN_LENGTH characters. */
  text: string;
  /** False for the last statement when the script ends before its ";". */
  ended: boolean;
  /** More tokens than MAX_STATEMENT_TOKENS: only the first ones were kept. */
  tooLong: boolean;
  /** A password literal was masked in it. */
  hadSecret: boolean;
}

/** Where the script cannot be read past: an unclosed quoted name or block comment. */
export interface ScriptBreak {
  line: number;
  column: number;
  what: 'name' | 'comment';
  /** The quote that opens the name, or "/*". */
  opener: string;
}

export const MAX_STATEMENT_TOKENS = 100_000;
export const SHOWN_LENGTH = 300;
const MASK = '"***"';

// Character classes of the ASCII range: 1 word character, 2 whitespace.
const CLASS = new Uint8Array(128);
for (const char of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.{}\\/:$@#')
  CLASS[char.charCodeAt(0)] = 1;
for (const char of ' \t\n\v\f\r') CLASS[char.charCodeAt(0)] = 2;

function isWordCode(code: number): boolean {
  return code < 128 && CLASS[code] === 1;
}

function isSpaceCode(code: number): boolean {
  return code < 128 ? CLASS[code] === 2 : /\s/.test(String.fromCharCode(code));
}

/** The keyword after which the next word or name is a password. */
function announcesSecret(previous: Token | undefined, word: string): boolean {
  if (word.length > 40) return false;
  const upper = word.toUpperCase();
  if (upper.endsWith('PASSWORD') || upper.endsWith('PASSWD')) return true;
  return upper === 'BY' && previous?.kind === 'word' && previous.text.toUpperCase() === 'IDENTIFIED';
}

/**
 * The statement's text from `start` to `end`, whitespace folded, `secrets` (start, end pairs) masked,
 * cut at SHOWN_LENGTH. Built from slices joined once: a string grown a character at a time stays a
 * chain of thousands of pieces for as long as the report is kept.
 */
export function shownText(source: string, start: number, end: number, secrets: readonly number[]): string {
  const parts: string[] = [];
  let length = 0;
  let secret = 0;
  let index = start;
  let spaced = false;
  while (index < end && length <= SHOWN_LENGTH) {
    if (isSpaceCode(source.charCodeAt(index))) {
      spaced = true;
      index += 1;
      continue;
    }
    let part: string;
    if (index === secrets[secret]) {
      part = MASK;
      index = secrets[secret + 1] as number;
      secret += 2;
    } else {
      let runEnd = index + 1;
      while (runEnd < end && !isSpaceCode(source.charCodeAt(runEnd)) && runEnd !== secrets[secret]) runEnd += 1;
      part = source.slice(index, Math.min(runEnd, index + SHOWN_LENGTH + 1));
      index = runEnd;
    }
    if (spaced && length > 0) parts.push(' ');
    parts.push(part);
    length += part.length + (spaced && length > 0 ? 1 : 0);
    spaced = false;
  }
  const text = parts.join('');
  return text.length > SHOWN_LENGTH ? `${text.slice(0, SHOWN_LENGTH - 1)}…` : text;
}

/** The text between a name's quotes with its `^` escapes undone, built in one buffer (not a piece per escape). */
function unescaped(source: string, from: number, to: number): string {
  const codes = new Uint16Array(to - from);
  let length = 0;
  for (let index = from; index < to; index += 1) {
    if (source.charCodeAt(index) === 94 /* ^ */) index += 1;
    codes[length] = source.charCodeAt(index);
    length += 1;
  }
  return new TextDecoder('utf-16le').decode(codes.subarray(0, length));
}

/**
 * A quoted name from `start` (at the quote): its text and where it ends, or end -1 when never
 * closed. The end is found first, then the text is one slice: a name is never built up a character
 * at a time.
 */
export function readName(source: string, start: number): { text: string; end: number } {
  const quote = source.charCodeAt(start);
  let escaped = false;
  for (let index = start + 1; index < source.length; index += 1) {
    const code = source.charCodeAt(index);
    if (code === 94 /* ^ */ && index + 1 < source.length) {
      escaped = true;
      index += 1;
    } else if (code === quote)
      return { text: escaped ? unescaped(source, start + 1, index) : source.slice(start + 1, index), end: index + 1 };
  }
  return { text: '', end: -1 };
}

export class ScriptLexer {
  #tokens: Token[] = [];
  #secrets: number[] = [];
  #count = 0;
  #start = 0;
  #line = 1;
  #lineStart = 0;
  #secretNext = false;
  #hadSecret = false;
  readonly source: string;
  readonly #onStatement: (statement: Statement) => void;

  constructor(source: string, onStatement: (statement: Statement) => void) {
    this.source = source;
    this.#onStatement = onStatement;
  }

  /** Reads the whole script; the break where it cannot be read past, or null. */
  run(): ScriptBreak | null {
    let index = 0;
    while (index < this.source.length) {
      const next = this.#step(index);
      if (next < 0) return this.#break(index);
      index = next;
    }
    if (this.#count > 0) this.#emit(this.source.length, false);
    return null;
  }

  #break(index: number): ScriptBreak {
    const opener = this.source[index] === '/' ? '/*' : (this.source[index] as string);
    return {
      line: this.#line,
      column: index - this.#lineStart + 1,
      what: opener === '/*' ? 'comment' : 'name',
      opener,
    };
  }

  /** Counts the line ends in [from, to), looking no further than `to`. */
  #lines(from: number, to: number): void {
    for (let at = from; at < to; at += 1)
      if (this.source.charCodeAt(at) === 10) {
        this.#line += 1;
        this.#lineStart = at + 1;
      }
  }

  /** Reads what starts at `index`; returns where the next thing starts, or -1 at an unclosed name or comment. */
  #step(index: number): number {
    const source = this.source;
    const code = source.charCodeAt(index);
    if (code === 10) {
      this.#line += 1;
      this.#lineStart = index + 1;
      return index + 1;
    }
    if (isSpaceCode(code)) return index + 1;
    const following = source.charCodeAt(index + 1);
    if (code === 47 /* / */ && following === 47) {
      const end = source.indexOf('\n', index);
      return end === -1 ? source.length : end;
    }
    if (code === 47 && following === 42 /* * */) return this.#blockComment(index);
    if (this.#count === 0) this.#start = index;
    if (code === 34 || code === 39 /* " ' */) return this.#name(index);
    if (code === 59 /* ; */) {
      this.#emit(index + 1, true);
      return index + 1;
    }
    if (code === 44 /* , */) {
      this.#push({ kind: 'comma', line: this.#line }, index, index + 1);
      return index + 1;
    }
    if (!isWordCode(code)) {
      this.#push({ kind: 'other', text: source[index] as string, line: this.#line }, index, index + 1);
      return index + 1;
    }
    let end = index + 1;
    while (end < source.length && isWordCode(source.charCodeAt(end))) end += 1;
    this.#push({ kind: 'word', text: source.slice(index, end), line: this.#line }, index, end);
    return end;
  }

  #blockComment(index: number): number {
    const end = this.source.indexOf('*/', index + 2);
    if (end === -1) return -1;
    this.#lines(index, end);
    return end + 2;
  }

  #name(index: number): number {
    const name = readName(this.source, index);
    if (name.end < 0) return -1;
    this.#push({ kind: 'name', text: name.text, line: this.#line }, index, name.end);
    this.#lines(index, name.end);
    return name.end;
  }

  /** Keeps a token (masked when a password keyword came before it), up to MAX_STATEMENT_TOKENS. */
  #push(token: Token, start: number, end: number): void {
    this.#count += 1;
    if (this.#secretNext && token.kind === 'other' && token.text === '=') return this.#keep(token);
    const secret = this.#secretNext && (token.kind === 'word' || token.kind === 'name');
    this.#secretNext = token.kind === 'word' && announcesSecret(this.#tokens.at(-1), token.text);
    if (!secret) return this.#keep(token);
    this.#hadSecret = true;
    if (this.#tokens.length < MAX_STATEMENT_TOKENS) this.#secrets.push(start, end);
    this.#keep({ ...token, text: '***' } as Token);
  }

  #keep(token: Token): void {
    if (this.#tokens.length < MAX_STATEMENT_TOKENS) this.#tokens.push(token);
  }

  #emit(end: number, ended: boolean): void {
    if (this.#count > 0) {
      const tokens = this.#tokens;
      this.#onStatement({
        line: tokens[0]?.line ?? this.#line,
        tokens,
        text: shownText(this.source, this.#start, end, this.#secrets),
        ended,
        tooLong: this.#count > MAX_STATEMENT_TOKENS,
        hadSecret: this.#hadSecret,
      });
    }
    this.#tokens = [];
    this.#secrets = [];
    this.#count = 0;
    this.#secretNext = false;
    this.#hadSecret = false;
  }
}

/** Line ends as LF, without a leading UTF-8 BOM. */
export function normalizeScript(source: string): string {
  return source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/** Hands each statement of the script to `onStatement` in order; the break where it stops, or null. */
export function lexScript(source: string, onStatement: (statement: Statement) => void): ScriptBreak | null {
  return new ScriptLexer(normalizeScript(source), onStatement).run();
}
