/**
 * Command Manager script text as statements of tokens: words (keywords, GUIDs, numbers), quoted
 * names (double or single quotes, `^` escaping the next character), commas; `//` line comments
 * and `/* *\/` block comments dropped; `;` ending a statement, which may span lines. Each statement
 * is handed over as soon as it ends, with the line it starts on, and then forgotten: memory follows
 * the longest statement (at most MAX_STATEMENT_TOKENS tokens are kept of one), not the script.
 *
 * Password literals are masked here, for every statement alike: the word or name after a keyword
 * ending in PASSWORD (PASSWORD, WHPASSWORD, …) or after IDENTIFIED BY is kept only as "***", in the
 * tokens and in the statement's text (which shows no comments: a note there may hold one too).
 * A quoted name or a block comment that is never closed means the script cannot be read whole: the
 * lexer stops and says where it opened.
 */

export type Token =
  | { kind: 'word'; text: string; line: number }
  | { kind: 'name'; text: string; line: number }
  | { kind: 'comma'; line: number }
  | { kind: 'other'; text: string; line: number };

export interface Statement {
  line: number;
  tokens: Token[];
  /** The statement as written, whitespace folded, comments dropped, passwords masked, at most SHOWN_LENGTH characters. */
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
 * A statement's text for the report from the spans of its first tokens (start, end, 1 when masked,
 * for each): the tokens as written, one space where the source had whitespace or a comment between
 * them (comments are not shown), passwords as MASK, cut at SHOWN_LENGTH. Built from slices joined
 * once: a string grown a character at a time stays a chain of pieces for as long as the report is kept.
 */
export function shownText(source: string, spans: readonly number[], ended: boolean): string {
  const parts: string[] = [];
  let length = 0;
  for (let at = 0; at < spans.length && length <= SHOWN_LENGTH; at += 3) {
    const start = spans[at] as number;
    const end = spans[at + 1] as number;
    // The pieces of one unquoted password are one mask.
    if (spans[at + 2] === 1 && spans[at - 1] === 1 && start === spans[at - 2]) continue;
    const part =
      spans[at + 2] === 1 ? MASK : source.slice(start, Math.min(end, start + SHOWN_LENGTH + 1)).replace(/\s+/g, ' ');
    const spaced = at > 0 && start > (spans[at - 2] as number);
    if (spaced) parts.push(' ');
    parts.push(part);
    length += part.length + (spaced ? 1 : 0);
  }
  if (ended) parts.push(';');
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
  const chunks: string[] = [];
  for (let at = 0; at < length; at += 8192)
    chunks.push(String.fromCharCode(...codes.subarray(at, Math.min(at + 8192, length))));
  return chunks.join('');
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
  #shown: number[] = [];
  #count = 0;
  #line = 1;
  #lineStart = 0;
  #secretNext = false;
  #inSecret = false;
  #lastEnd = -1;
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
    if (this.#count > 0) this.#emit(false);
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
    if (code === 34 || code === 39 /* " ' */) return this.#name(index);
    if (code === 59 /* ; */) {
      this.#emit(true);
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

  /**
   * Keeps a token, masked when a password keyword (and perhaps "=") came before it, up to
   * MAX_STATEMENT_TOKENS; and the span of each of the first ones, for the statement's text.
   */
  #push(token: Token, start: number, end: number): void {
    this.#count += 1;
    const equals = this.#secretNext && token.kind === 'other' && token.text === '=';
    // An unquoted password is every character up to the next space or comma (S3cr!t is three tokens).
    const secret =
      (this.#secretNext && token.kind !== 'comma' && !equals) ||
      (this.#inSecret && start === this.#lastEnd && token.kind !== 'comma' && token.kind !== 'name');
    this.#inSecret = secret && token.kind !== 'name';
    this.#lastEnd = end;
    if (!equals) this.#secretNext = token.kind === 'word' && announcesSecret(this.#tokens.at(-1), token.text);
    if (this.#count <= SHOWN_LENGTH + 1) this.#shown.push(start, end, secret ? 1 : 0);
    if (secret) this.#hadSecret = true;
    if (this.#tokens.length < MAX_STATEMENT_TOKENS)
      this.#tokens.push(secret ? ({ ...token, text: '***' } as Token) : token);
  }

  #emit(ended: boolean): void {
    if (this.#count > 0) {
      const tokens = this.#tokens;
      this.#onStatement({
        line: tokens[0]?.line ?? this.#line,
        tokens,
        text: shownText(this.source, this.#shown, ended),
        ended,
        tooLong: this.#count > MAX_STATEMENT_TOKENS,
        hadSecret: this.#hadSecret,
      });
    }
    this.#tokens = [];
    this.#shown = [];
    this.#count = 0;
    this.#secretNext = false;
    this.#inSecret = false;
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
