/**
 * IPC fuzzing: thousands of generated requests on every channel (wrong types, extra and prototype
 * keys, non-plain objects, huge and deep values, foreign senders) through the real dispatcher and
 * handlers. Nothing crashes, every refusal is an error envelope with a known code, and a handler
 * runs only for a request that is plain data its channel's schema accepts.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { createDispatcher, trustedSender, type SenderInfo } from '../../src/main/ipc/dispatcher.ts';
import { REQUEST_SCHEMAS, isPlainData } from '../../src/main/ipc/request-schemas.ts';
import { createServices } from '../../src/main/services.ts';
import { ERROR_CODES } from '../../src/shared/errors.ts';
import { CHANNELS, type Channel } from '../../src/shared/ipc.ts';
import { privateKeyringStore } from './keyring.ts';
import { windowHandlers } from './window-main.ts';

const ORIGIN = 'app://bundle';
const OWN: SenderInfo = { webContentsId: 1, frameUrl: `${ORIGIN}/index.html`, isMainFrame: true };

/** The handlers of a fresh main process, each replaced by a recorder: no service runs for real. */
function recordedDispatcher(): {
  dispatch: ReturnType<typeof createDispatcher>;
  called: { channel: string; request: unknown }[];
} {
  const services = createServices({
    dataFolder: mkdtempSync(join(tmpdir(), 'mstr-fuzz-')),
    secrets: privateKeyringStore(),
  });
  const handlers = windowHandlers(services);
  const called: { channel: string; request: unknown }[] = [];
  const recorders = Object.fromEntries(
    Object.keys(handlers).map((channel) => [
      channel,
      async (request: unknown) => {
        called.push({ channel, request });
        return null;
      },
    ]),
  ) as unknown as typeof handlers;
  return {
    dispatch: createDispatcher(
      recorders,
      trustedSender(() => 1, ORIGIN),
    ),
    called,
  };
}

const channel = fc.constantFrom(...CHANNELS);

/** Values a structured clone can bring that are not plain data. */
const nonPlain = fc.oneof(
  fc.date().map((date) => date as unknown),
  fc.constant(new Map([['id', 'x']])),
  fc.constant(new Set(['x'])),
  fc.constant(/x/g),
  fc.constant(new ArrayBuffer(8)),
  fc.constant(new Error('x')),
  fc.constant(Object.create({ id: '0b9c1c1e-8d1c-4f0e-9d43-6a4c2b8e2f10', name: 'inherited' }) as unknown),
  fc.constant(Number.NaN),
  fc.constant(Symbol('x') as unknown),
  fc.constant((() => 1) as unknown),
);

const keys = fc.oneof(
  fc.constantFrom(
    'id',
    'name',
    'profileId',
    'planId',
    'draft',
    'url',
    'environments',
    'projects',
    'presetName',
    'time',
    'days',
  ),
  fc.constantFrom('__proto__', 'constructor', 'prototype'),
  fc.string({ maxLength: 12 }),
);

/** JSON-like values with the keys the contract uses, nested, sometimes huge, sometimes not plain. */
const anyRequest: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(undefined),
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double(),
    fc.string({ maxLength: 40 }),
    fc.constant('x'.repeat(1024 * 1024)),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(keys, tie('value'), { maxKeys: 5 }),
    nonPlain,
  ),
})).value;

function deep(depth: number): unknown {
  let value: unknown = { id: 'x' };
  for (let level = 0; level < depth; level += 1) value = { draft: value };
  return value;
}

/** Whether every list in the request is a list where the schema put it (an object schema never takes one). */
function listsStayLists(request: unknown, parsed: unknown): boolean {
  if (Array.isArray(request))
    return Array.isArray(parsed) && request.every((item, index) => listsStayLists(item, parsed[index]));
  if (request === null || typeof request !== 'object' || parsed === null || typeof parsed !== 'object') return true;
  return Object.entries(request).every(
    ([key, value]) => !Object.hasOwn(parsed, key) || listsStayLists(value, (parsed as Record<string, unknown>)[key]),
  );
}

describe('IPC fuzzing', () => {
  it('survives thousands of generated requests, refusing every invalid one before a handler runs', async () => {
    const { dispatch, called } = recordedDispatcher();
    await fc.assert(
      fc.asyncProperty(channel, anyRequest, async (name, request) => {
        const before = called.length;
        const result = await dispatch(name, request, OWN);
        expect(typeof result.ok).toBe('boolean');
        if (!result.ok) expect(ERROR_CODES).toContain(result.error.code);
        const ran = called.length > before;
        const parsed = v.safeParse(REQUEST_SCHEMAS[name as Channel], request);
        const acceptable = isPlainData(request) && parsed.success && listsStayLists(request, parsed.output);
        expect(ran).toBe(acceptable);
        if (!ran) expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      }),
      { numRuns: 3000, seed: 20261128 },
    );
  });

  it('refuses a list in place of the request on every channel, whatever the list holds', async () => {
    const { dispatch, called } = recordedDispatcher();
    await fc.assert(
      fc.asyncProperty(channel, fc.array(anyRequest, { maxLength: 3 }), async (name, list) => {
        const result = await dispatch(name, list, OWN);
        expect(result, `${name}: ${JSON.stringify(list)?.slice(0, 200)}`).toMatchObject({
          ok: false,
          error: { code: 'VALIDATION' },
        });
      }),
      { numRuns: 1000, seed: 20261202 },
    );
    for (const name of CHANNELS) {
      expect(await dispatch(name, [], OWN), name).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    }
    expect(called).toEqual([]);
  });

  it('refuses non-plain objects, deep values and foreign senders on every channel', async () => {
    const { dispatch, called } = recordedDispatcher();
    const nonPlainSamples = fc.sample(nonPlain, { numRuns: 40, seed: 7 });
    for (const name of CHANNELS) {
      for (const value of nonPlainSamples) {
        const wrapped = [value, { id: value }, { draft: { name: value } }, [value]];
        for (const request of wrapped) {
          const result = await dispatch(name, request, OWN);
          expect(result, `${name}: ${String(value)}`).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
        }
      }
      expect(await dispatch(name, deep(200), OWN)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      for (const sender of [
        { ...OWN, webContentsId: 2 },
        { ...OWN, isMainFrame: false },
        { ...OWN, frameUrl: 'https://evil.example/index.html' },
        { ...OWN, frameUrl: 'not a url' },
      ])
        expect(await dispatch(name, undefined, sender)).toMatchObject({ ok: false, error: { code: 'FOREIGN_SENDER' } });
    }
    expect(await dispatch('no:such-channel', undefined, OWN)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION' },
    });
    expect(called).toEqual([]);
  });
});
