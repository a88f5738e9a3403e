import { readFileSync } from 'node:fs';
import http2 from 'node:http2';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { STAND_IN, withHttp2OnDemand } from '../../scripts/http2-on-demand.mjs';
import * as standIn from '../../src/main/mstr/http2-on-demand.ts';

const CLIENT_H2 = createRequire(import.meta.url).resolve('undici/lib/dispatcher/client-h2.js');

describe('node:http2 on demand in the built command line', () => {
  it("gives undici the same constants as Node's http2", () => {
    for (const [name, value] of Object.entries(standIn.constants)) {
      expect(value, name).toBe((http2.constants as Record<string, unknown>)[name]);
    }
  });

  it("covers every constant undici's HTTP/2 client reads as it loads", () => {
    const source = readFileSync(CLIENT_H2, 'utf8');
    const read = /const \{\s*constants: \{([^}]+)\}\s*\} = http2/.exec(source)?.[1];
    expect(read).toBeDefined();
    const names = (read ?? '')
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean);
    expect(names.length).toBeGreaterThan(5);
    expect(Object.keys(standIn.constants).sort()).toEqual([...names].sort());
  });

  it("takes node:http2 from the stand-in in undici's client, and refuses a client that changed", () => {
    const source = readFileSync(CLIENT_H2, 'utf8');
    const changed = withHttp2OnDemand(source, CLIENT_H2);
    expect(changed).not.toContain("require('node:http2')");
    expect(changed).toContain(`require(${JSON.stringify(STAND_IN)})`);
    expect(() => withHttp2OnDemand("const http2 = require('http2')", CLIENT_H2)).toThrow(/no longer loads node:http2/);
  });
});
