/**
 * How the operating systems read back the job files and command lines the app writes, for tests:
 * systemd's unit file syntax and ExecStart= splitting, Windows' command-line splitting
 * (CommandLineToArgvW) and Task Scheduler's %VARIABLE% expansion, cron's line and "%" rules, and
 * the characters XML 1.0 can hold. Each follows the documented rules, not the app's own writers.
 */

export type UnitFile = Map<string, [key: string, value: string][]>;

/**
 * A unit file as systemd's parser reads it: a line ends at LF, CR or NUL; a trailing backslash
 * joins the next line; "#" and ";" start comments; "[Section]" and "Key=Value" are all there is.
 * Anything else throws, as systemd refuses it.
 */
export function parseUnitFile(text: string): UnitFile {
  const sections: UnitFile = new Map();
  let section: [string, string][] | null = null;
  const lines = text.split(/\r\n|\r|\n|\0/);
  for (let index = 0; index < lines.length; index += 1) {
    let line = (lines[index] as string).trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    while (line.endsWith('\\') && index + 1 < lines.length) line = `${line.slice(0, -1)} ${lines[++index]}`;
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      section = [];
      sections.set(header[1] as string, section);
      continue;
    }
    const equals = line.indexOf('=');
    if (equals < 1 || !section) throw new Error(`not a unit file line: ${JSON.stringify(line)}`);
    section.push([line.slice(0, equals).trim(), line.slice(equals + 1).trim()]);
  }
  return sections;
}

/** systemd's specifiers: "%%" is "%"; the app writes no other, so any other is a failure here. */
export function resolveSpecifiers(value: string): string {
  return value.replace(/%(.)/gs, (_all, next: string) => {
    if (next === '%') return '%';
    throw new Error(`specifier %${next} would be expanded`);
  });
}

const C_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  s: ' ',
  '\\': '\\',
  '"': '"',
  "'": "'",
};

/** One C escape at `text[index]` (after the backslash): the character and how many were read. */
function cUnescape(text: string, index: number): [string, number] {
  const next = text[index] as string;
  if (next in C_ESCAPES) return [C_ESCAPES[next] as string, 1];
  const hex = /^x([0-9a-fA-F]{2})/.exec(text.slice(index));
  if (hex) {
    const code = Number.parseInt(hex[1] as string, 16);
    if (code === 0) throw new Error('\\x00 is refused');
    return [String.fromCharCode(code), 3];
  }
  throw new Error(`unknown escape \\${next}`);
}

/** systemd's extract_first_word with unquoting and C unescaping: the words of a command line. */
export function splitSystemdWords(value: string): string[] {
  const words: string[] = [];
  let index = 0;
  while (index < value.length) {
    while (index < value.length && /\s/.test(value[index] as string)) index += 1;
    if (index >= value.length) break;
    let word = '';
    let quote: string | null = null;
    while (index < value.length) {
      const character = value[index] as string;
      if (!quote && /\s/.test(character)) break;
      index += 1;
      if (character === '\\') {
        const [text, used] = cUnescape(value, index);
        word += text;
        index += used;
      } else if (quote && character === quote) quote = null;
      else if (!quote && (character === '"' || character === "'")) quote = character;
      else word += character;
    }
    if (quote) throw new Error('Unbalanced quoting');
    words.push(word);
  }
  return words;
}

/** ExecStart= as systemd turns it into the program's argv: specifiers, words, then "$$" for "$". */
export function execStartArgv(value: string): string[] {
  return splitSystemdWords(resolveSpecifiers(value)).map((word) =>
    word.replace(/\$(\$|\{?[A-Za-z_])/g, (all, next: string) => {
      if (next === '$') return '$';
      throw new Error(`variable ${all} would be expanded`);
    }),
  );
}

/**
 * CommandLineToArgvW: the program name ends at the closing quote (or whitespace) with no escapes;
 * then 2n backslashes before a quote are n and the quote toggles quoting, 2n+1 are n and a literal
 * quote, other backslashes are literal, and "" inside quotes is a literal quote.
 */
export function commandLineToArgv(line: string): string[] {
  const args: string[] = [];
  let index = 0;
  if (line[0] === '"') {
    const end = line.indexOf('"', 1);
    args.push(line.slice(1, end === -1 ? undefined : end));
    index = end === -1 ? line.length : end + 1;
  } else {
    while (index < line.length && !/[ \t]/.test(line[index] as string)) index += 1;
    args.push(line.slice(0, index));
  }
  return [...args, ...splitArguments(line.slice(index))];
}

function splitArguments(line: string): string[] {
  const args: string[] = [];
  let current = '';
  let inQuotes = false;
  let started = false;
  for (let index = 0; index < line.length; index += 1) {
    const character = line[index] as string;
    if (character === '\\') {
      let slashes = 0;
      while (line[index] === '\\') [slashes, index] = [slashes + 1, index + 1];
      if (line[index] === '"') {
        current += '\\'.repeat(Math.floor(slashes / 2));
        if (slashes % 2 === 1) current += '"';
        else if (inQuotes && line[index + 1] === '"') [current, index] = [`${current}"`, index + 1];
        else inQuotes = !inQuotes;
      } else [current, index] = [current + '\\'.repeat(slashes), index - 1];
      started = true;
    } else if (character === '"') {
      if (inQuotes && line[index + 1] === '"') [current, index] = [`${current}"`, index + 1];
      else inQuotes = !inQuotes;
      started = true;
    } else if (/[ \t]/.test(character) && !inQuotes) {
      if (started) args.push(current);
      [current, started] = ['', false];
    } else [current, started] = [current + character, true];
  }
  if (started) args.push(current);
  return args;
}

/** Task Scheduler and cmd.exe replace %NAME% with the variable's value where it is defined. */
export function expandWindowsVariables(text: string, env: Record<string, string>): string {
  return text.replace(/%([^%]+)%/g, (all, name: string) => env[name.toUpperCase()] ?? all);
}

/** Characters XML 1.0 cannot hold in any form (escaped or not), and halves of surrogate pairs. */
export function xmlIllegalCharacters(text: string): string[] {
  if (!text.isWellFormed()) return ['lone surrogate'];
  return [...text.matchAll(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu)].map(
    (match) => `U+${(match[0].codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * A crontab line as cron reads it: five time fields and the command; in the command an unescaped
 * "%" ends it (the rest is standard input) and "\%" is a "%".
 */
export function cronCommand(line: string): { schedule: string[]; command: string; stdin: string | null } {
  const match = /^\s*(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(.*)$/.exec(line);
  if (!match) throw new Error('not a cron line');
  const field = match[6] as string;
  const percent = /(?<!\\)%/.exec(field);
  const command = (percent ? field.slice(0, percent.index) : field).replace(/\\%/g, '%');
  return {
    schedule: match.slice(1, 6) as string[],
    command,
    stdin: percent ? field.slice(percent.index + 1) : null,
  };
}
