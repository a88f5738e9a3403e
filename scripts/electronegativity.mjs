#!/usr/bin/env node
/**
 * Electronegativity over the main process, the preload and the build output, with the Electron
 * version given explicitly. Fails on any HIGH or MEDIUM finding; a finding that is justified is
 * suppressed where it stands with an `eng-disable CHECK_ID` comment that says why.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { transformWithOxc } from 'vite';

// Electronegativity downloads updated translations and Electron's release list with `got`; both
// are optional, and a failed download can crash it later from a retry timer. It gets a `got` that
// fails at once, so the scan never touches the network.
const originalLoad = Module._load;
Module._load = function load(request, parent, isMain) {
  if (request === 'got' && parent?.filename?.includes('electronegativity')) {
    return () => Promise.reject(new Error('offline scan'));
  }
  return originalLoad.call(this, request, parent, isMain);
};

const require = createRequire(import.meta.url);
const run = require('@doyensec/electronegativity');
const electronVersion = JSON.parse(readFileSync('node_modules/electron/package.json', 'utf8')).version;
// src holds the main process, the preload and the renderer's HTML (with its CSP), so global checks see the whole app.
const inputs = ['src', 'out'];
// Needs the internet (it downloads Electron's release list); the version is pinned in package-lock.json instead.
const excluded = ['AvailableSecurityFixesGlobalCheck'];

/**
 * The scanner's parser predates private class fields (#field), which the build output keeps. It
 * scans a copy of the output with only that syntax lowered: the API calls it looks for are unchanged.
 */
async function parseableCopy(folder) {
  const copy = mkdtempSync(join(tmpdir(), 'eng-'));
  // out/cli is the command line built for plain Node from the same sources as out/main (scanned
  // here and in src); it never runs inside Electron, and scanning it again would count every
  // justified finding twice.
  cpSync(folder, copy, {
    recursive: true,
    filter: (source) => !/(^|\/)out\/cli(\/|$)/.test(source.replaceAll('\\', '/')),
  });
  for (const entry of readdirSync(copy, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.[cm]?js$/.test(entry.name)) continue;
    const file = join(entry.parentPath, entry.name);
    const lowered = await transformWithOxc(readFileSync(file, 'utf8'), file, { target: 'es2021', lang: 'js' });
    writeFileSync(file, lowered.code);
  }
  return copy;
}

/** How many times each check is justified by an eng-disable comment in the sources. */
function justifiedInSource() {
  const counts = new Map();
  for (const entry of readdirSync('src', { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const text = readFileSync(join(entry.parentPath, entry.name), 'utf8');
    for (const match of text.matchAll(/eng-disable[ \t]+([A-Z_ \t]+)/g)) {
      for (const check of match[1].trim().split(/\s+/)) counts.set(check, (counts.get(check) ?? 0) + 1);
    }
  }
  return counts;
}

/**
 * The bundler drops comments, so a finding in the build output counts as justified when the
 * sources justify the same check at least as many times (the output is built from them).
 */
function unjustifiedInOutput(issues, justified) {
  const remaining = new Map(justified);
  return issues.filter((issue) => {
    const left = remaining.get(issue.id) ?? 0;
    remaining.set(issue.id, left - 1);
    return left <= 0;
  });
}

const justified = justifiedInSource();
let failures = 0;
for (const input of inputs) {
  if (!existsSync(input)) {
    console.error(`electronegativity: ${input} is missing (run npm run build first).`);
    process.exit(1);
  }
  const isSource = input === 'src';
  const result = await run(
    {
      input: isSource ? input : await parseableCopy(input),
      electronVersionOverride: electronVersion,
      isRelative: true,
      excludeFromScan: excluded,
      ...(isSource ? { parserPlugins: ['typescript'] } : {}),
    },
    false,
  );
  const highOrMedium = result.issues.filter((issue) => ['HIGH', 'MEDIUM'].includes(issue.severity.name));
  const serious = isSource ? highOrMedium : unjustifiedInOutput(highOrMedium, justified);
  for (const issue of serious) {
    console.error(
      `${issue.severity.name} ${issue.id} ${input}/${issue.file}:${issue.location.line} ${issue.description}`,
    );
  }
  for (const error of result.errors) console.error(`not scanned: ${error.file}: ${error.message}`);
  failures += serious.length + result.errors.length;
  console.log(
    `electronegativity ${input}: ${result.issues.length} finding(s), ${serious.length} HIGH/MEDIUM, ${result.errors.length} unparsed (Electron ${electronVersion})`,
  );
}
process.exit(failures === 0 ? 0 : 1);
