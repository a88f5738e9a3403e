/**
 * A command line that helps: "did you mean" for profile, project and node names; names with spaces
 * typed without quotes answered with the corrected command; an untrusted certificate in command-line
 * words (subject, fingerprint, the command that trusts the CA); `test` of a server too old for
 * purges exits as a purge of it would. Hints name the command as it is run from a checkout.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closestNames, didYouMean } from '../../src/shared/closest-names.ts';
import { addProfile, cli } from './cli-helpers.ts';
import { simulator } from './helpers.ts';

const ONCE = { env: { MSTR_CACHE_PASSWORD: 'admin-pass' } };

describe('did you mean', () => {
  it('finds the closest names, ignoring case, and nothing when nothing is close', () => {
    const projects = ['Sales Analytics 001', 'Finance Analytics 002', 'Supply Chain Analytics 003'];
    expect(closestNames('sales analytic 001', projects)).toEqual(['Sales Analytics 001']);
    expect(closestNames('Analytics', projects)).toEqual(projects.toSorted());
    expect(closestNames('HR', projects)).toEqual([]);
    expect(didYouMean('Prdo', ['Prod', 'Dev'])).toBe(' Did you mean "Prod"?');
  });

  it('a misspelled profile, project or node gets the closest names', async () => {
    const tool = cli();
    const sim = await simulator({ projects: 3 });
    await addProfile(tool, sim, 'Prod EU', 'test');
    const profile = await tool.run(['projects', 'Prod UE']);
    expect(profile.code).toBe(2);
    expect(profile.stderr).toContain('No profile "Prod UE". Did you mean "Prod EU"?');
    const project = await tool.run(
      ['purge', 'Prod EU', '--project', 'Sales Analytic 001', '--type', 'object', '--yes'],
      ONCE,
    );
    expect(project.code).toBe(2);
    expect(project.stderr).toContain('"Sales Analytic 001" on Prod EU (did you mean "Sales Analytics 001"?)');
    expect(sim.purges).toHaveLength(0);
    const node = await tool.run(['content-caches', 'list', 'Prod EU', '--node', 'iserver-c.example.internl'], ONCE);
    expect(node.stderr).toContain('No cluster node is named "iserver-c.example.internl". Did you mean');
    // A misspelled project of a cache listing is said first, not as every node skipped.
    const cached = await tool.run(['content-caches', 'list', 'Prod EU', '--project', 'Finance Analytic 002'], ONCE);
    expect(cached.stderr).toContain(
      'no node has a project "Finance Analytic 002". Did you mean "Finance Analytics 002"?',
    );
    expect(cached.stderr).not.toContain('none of the chosen projects is loaded');
  });

  it('a misspelled cube, event, subscription or preset gets the closest names too (exit 2, nothing sent)', async () => {
    const tool = cli();
    const sim = await simulator({ projects: 2 });
    await addProfile(tool, sim, 'QA', 'test');
    const project = sim.projects[0]?.name as string;
    const cube = await tool.run(['cubes', 'publish', 'QA', '--project', project, '--cube', 'Sales Cueb'], ONCE);
    expect([cube.code, cube.stderr]).toEqual([2, expect.stringContaining('No cube "Sales Cueb" in ')]);
    expect(cube.stderr).toContain('Did you mean "Sales Cube"?');
    const event = await tool.run(['events', 'trigger', 'QA', 'Sales_Raedy'], ONCE);
    expect([event.code, event.stderr]).toEqual([
      2,
      expect.stringContaining('No event is named "Sales_Raedy". Did you mean "Sales_Ready"?'),
    ]);
    const subscription = await tool.run(
      ['subscriptions', 'send', 'QA', '--project', project, '--name', 'Daily Sale'],
      ONCE,
    );
    expect([subscription.code, subscription.stderr]).toEqual([
      2,
      expect.stringContaining('Did you mean "Daily Sales"?'),
    ]);
    expect(sim.runbook.performed).toHaveLength(0);
    expect((await tool.run(['preset', 'save', 'nightly', 'QA', '--all', '--type', 'object'])).code).toBe(0);
    const preset = await tool.run(['preset', 'run', 'nigthly', '--yes'], ONCE);
    expect([preset.code, preset.stderr]).toEqual([
      2,
      expect.stringContaining('No preset "nigthly". Did you mean "nightly"?'),
    ]);
    expect(sim.purges).toHaveLength(0);
  });
});

describe('names with spaces', () => {
  it('typed without quotes are answered with the corrected command, as run from a checkout', async () => {
    const tool = cli();
    const sim = await simulator({ projects: 3 });
    const added = await tool.run(['profiles', 'add', '--name', 'Prod', 'US', '--url', sim.url, '--tier', 'test']);
    expect(added.code).toBe(2);
    expect(added.stderr).toContain(
      `Names with spaces need quotes: npx mstr-cache-console profiles add --name "Prod US" --url ${sim.url} --tier test`,
    );
    await addProfile(tool, sim, 'Test EU');
    const purge = await tool.run(['purge', 'Test EU', '--project', 'Sales', 'Analytics', '001', '--type', 'object']);
    expect(purge.code).toBe(2);
    expect(purge.stderr).toContain(
      'Names with spaces need quotes: npx mstr-cache-console purge "Test EU" --project "Sales Analytics 001" --type object',
    );
  });
});

describe('servers the command line explains', () => {
  it('test of a server too old for REST purges says so and exits 1, as purge does', async () => {
    const tool = cli();
    const sim = await simulator({ projects: 2, iServerVersion: '11.3.0700.0050' });
    await addProfile(tool, sim, 'Old');
    const test = await tool.run(['test', 'Old']);
    expect(test.stdout).toContain('connected, but purges need 11.3.0800 or later');
    const purge = await tool.run(['purge', 'Old', '--all', '--type', 'object', '--yes'], ONCE);
    expect(purge.code).toBe(1);
    expect(test.code).toBe(purge.code);
  });

  it('an untrusted certificate names its subject and fingerprint and the command that trusts the CA', async () => {
    const tool = cli();
    const sim = await simulator({ projects: 1, https: true });
    const added = await tool.run(['profiles', 'add', '--name', 'TLS', '--url', sim.url, '--tier', 'test']);
    expect(added.code).toBe(0);
    const test = await tool.json<{ error: { code: string; message: string } }>(['test', 'TLS']);
    expect(test.body.error.code).toBe('TLS_UNTRUSTED');
    expect(test.body.error.message).toMatch(
      /Its certificate: subject .+, issued by .+, fingerprint \(SHA-256\) [0-9A-F:]+/,
    );
    expect(test.body.error.message).toContain('profiles edit "TLS" --ca-file FILE');
  });
});

describe('preset import-script checks names', () => {
  it('on the server, else the last known list, with did you mean; --strict refuses (exit 2, nothing saved)', async () => {
    const tool = cli();
    const sim = await simulator({ projects: 3 });
    await addProfile(tool, sim, 'QA');
    expect((await tool.run(['login', 'QA', '--password-stdin', '--remember'], { stdin: 'admin-pass' })).code).toBe(0);
    const file = join(mkdtempSync(join(tmpdir(), 'mstr-scp-')), 'typo.scp');
    writeFileSync(file, 'PURGE OBJECT CACHING IN PROJECT "Sales Analytic 001";\n');
    const loose = await tool.run(['preset', 'import-script', file, '--profile', 'QA', '--name', 'loose']);
    expect(loose.code).toBe(0);
    expect(loose.stderr).toContain('QA: no project "Sales Analytic 001". Did you mean "Sales Analytics 001"?');
    const strict = await tool.run(['preset', 'import-script', file, '--profile', 'QA', '--name', 'strict', '--strict']);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toContain('--strict: names the environments do not have; nothing was saved.');
    const presets = await tool.json<{ presets: { name: string }[] }>(['preset', 'list']);
    expect(presets.body.presets.map((preset) => preset.name)).toEqual(['loose']);
    await sim.close();
    const offline = await tool.run([
      'preset',
      'import-script',
      file,
      '--profile',
      'QA',
      '--name',
      'offline',
      '--strict',
    ]);
    expect(offline.code).toBe(2);
    expect(offline.stderr).toContain('QA: names checked against the last known project list.');
    expect(offline.stderr).toContain('Did you mean "Sales Analytics 001"?');
  });
});
