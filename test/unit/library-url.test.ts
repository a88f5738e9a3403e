import { describe, expect, it } from 'vitest';
import { parseLibraryUrl } from '../../src/shared/library-url.ts';
import { compareVersions, parseVersion, supportsRestPurge } from '../../src/main/mstr/server-version.ts';

describe('parseLibraryUrl', () => {
  const root = 'https://bi.example.com/MicroStrategyLibrary';
  it.each([
    'https://bi.example.com/MicroStrategyLibrary',
    'https://bi.example.com/MicroStrategyLibrary/',
    'https://bi.example.com/MicroStrategyLibrary/api',
    'https://bi.example.com/MicroStrategyLibrary/api/',
    'https://bi.example.com/MicroStrategyLibrary/api-docs/index.html',
    'https://bi.example.com/MicroStrategyLibrary/app/B7CA92F04B9FAE8D941C3E9B7E0CD754',
    '  https://BI.example.com/MicroStrategyLibrary/app#/home?x=1 ',
    'bi.example.com/MicroStrategyLibrary',
  ])('normalises %s', (pasted) => {
    const parsed = parseLibraryUrl(pasted);
    expect(parsed.root).toBe(root);
    expect(parsed.api).toBe(`${root}/api/`);
    expect(parsed.contextPath).toBe('/MicroStrategyLibrary');
  });

  it('takes host:port without a scheme as a host and port, and says which scheme it assumed', () => {
    expect(parseLibraryUrl('bi.example.com:8443/MicroStrategyLibrary')).toMatchObject({
      root: 'https://bi.example.com:8443/MicroStrategyLibrary',
      assumedScheme: 'https',
    });
    expect(parseLibraryUrl('10.0.0.5:8080/MicroStrategyLibrary')).toMatchObject({
      root: 'http://10.0.0.5:8080/MicroStrategyLibrary',
      assumedScheme: 'http',
    });
    expect(parseLibraryUrl('10.0.0.5/MicroStrategyLibrary').assumedScheme).toBe('https');
    expect(parseLibraryUrl('[::1]:8080/Lib').root).toBe('http://[::1]:8080/Lib');
    expect(parseLibraryUrl('https://bi.example.com/MicroStrategyLibrary').assumedScheme).toBeNull();
  });

  it('keeps a renamed context path and a port', () => {
    expect(parseLibraryUrl('http://10.0.0.5:8080/MicroStrategyLibraryNoSAML/api/').root).toBe(
      'http://10.0.0.5:8080/MicroStrategyLibraryNoSAML',
    );
  });

  it.each([
    ['ftp://bi.example.com/MicroStrategyLibrary', 'Only http and https'],
    ['javascript:alert(1)', 'Only http and https'],
    ['', 'Enter the Library URL'],
    ['https://', 'not a valid URL'],
    ['https://jane:secret@bi.example.com/MicroStrategyLibrary', 'Remove the user name and password'],
  ])('rejects %j with BAD_URL', (pasted, message) => {
    expect(() => parseLibraryUrl(pasted)).toThrowError(
      expect.objectContaining({ code: 'BAD_URL', message: expect.stringContaining(message) }),
    );
  });

  it('never echoes credentials from a pasted URL', () => {
    try {
      parseLibraryUrl('https://jane:secret@bi.example.com/');
    } catch (error) {
      expect(String((error as Error).message)).not.toContain('secret');
    }
  });
});

describe('server versions', () => {
  it('parses and compares I-Server versions numerically', () => {
    expect(parseVersion('11.3.0800.0123')).toEqual([11, 3, 800, 123]);
    expect(parseVersion('not a version')).toBeNull();
    expect(compareVersions([11, 10], [11, 3])).toBeGreaterThan(0);
  });

  it.each([
    ['11.3.0800.0001', true],
    ['11.3.1200.0100', true],
    ['11.4.0300', true],
    ['12.0.0', true],
    ['11.3.0700.0999', false],
    ['11.1.0400.26937', false],
    [null, true],
  ])('%s supports REST purges: %s', (version, expected) => {
    expect(supportsRestPurge(version)).toBe(expected);
  });
});
