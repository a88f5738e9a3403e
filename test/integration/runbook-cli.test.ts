/**
 * `cubes`, `events` and `subscriptions` as an admin runs them: one JSON result per cube with an
 * honest status and the exit code it means, a republish on production without --yes refused with
 * nothing sent, a dry run, an event name that matches nothing or several, subscriptions sent.
 */
import { describe, expect, it } from 'vitest';
import { addProfile, cli } from './cli-helpers.ts';
import { simulator } from './helpers.ts';

const PASSWORD = { env: { MSTR_CACHE_PASSWORD: 'admin-pass' } };

interface PublishJson {
  ok: boolean;
  exitCode: number;
  results: {
    cube: string;
    project: string;
    status: string;
    jobId: string | null;
    message: string;
    startedAt: string;
    finishedAt: string;
  }[];
}

async function setup(tier = 'test', iServerVersion?: string) {
  const sim = await simulator({ projects: 2, ...(iServerVersion ? { iServerVersion } : {}) });
  const tool = cli();
  await addProfile(tool, sim, 'Env', tier);
  return { sim, tool, project: sim.projects[0]?.name as string };
}

describe('cubes', () => {
  it('lists the cubes of a project, those with no cache too', async () => {
    const { tool, project } = await setup();
    const { code, body } = await tool.json<{ cubes: { name: string; hasCache: boolean }[] }>(
      ['cubes', 'list', 'Env', '--project', project],
      PASSWORD,
    );
    expect(code).toBe(0);
    expect(body.cubes.find((cube) => cube.name === 'Never Published Cube')?.hasCache).toBe(false);
    expect(body.cubes).toHaveLength(8);
  });

  it('publish --json: one result per cube; a failure makes the exit code 1, an unknown alone 4', async () => {
    const { sim, tool, project } = await setup();
    const failed = await tool.json<PublishJson>(
      ['cubes', 'publish', 'Env', '--project', project, '--cube', 'Sales Cube', '--cube', 'Broken Cube'],
      PASSWORD,
    );
    expect(failed.code).toBe(1);
    expect(failed.body.results.map((result) => [result.cube, result.project, result.status])).toEqual([
      ['Sales Cube', project, 'succeeded'],
      ['Broken Cube', project, 'failed'],
    ]);
    expect(failed.body.results[1]?.message).toContain('WH_SALES_FACT');
    for (const result of failed.body.results)
      expect(Object.keys(result)).toEqual(expect.arrayContaining(['jobId', 'startedAt', 'finishedAt']));
    const unknown = await tool.json<PublishJson>(
      ['cubes', 'publish', 'Env', '--project', project, '--cube', 'Lost Cube', '--timeout', '0.02'],
      PASSWORD,
    );
    expect(unknown.code).toBe(4);
    expect(unknown.body.results[0]?.message).toMatch(/No confirmation within 1 s: job \S+ left the monitor/);
    expect(sim.runbook.performed.filter((call) => call.kind === 'publish')).toHaveLength(3);
  });

  it('on production: refused without --yes (exit 2, nothing sent); --dry-run sends nothing; --yes runs it', async () => {
    const { sim, tool, project } = await setup('production');
    const args = ['cubes', 'publish', 'Env', '--project', project, '--cube', 'Sales Cube'];
    const refused = await tool.json<{ error: { code: string; message: string } }>(args, PASSWORD);
    expect(refused.code).toBe(2);
    expect(refused.body.error.code).toBe('CONFIRMATION_REQUIRED');
    expect(refused.body.error.message).toContain('--yes');
    const dry = await tool.run([...args, '--dry-run'], PASSWORD);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('nothing was sent');
    expect(sim.callsTo(/^POST .*\/v2\/cubes\//)).toHaveLength(0);
    const done = await tool.json<PublishJson>([...args, '--yes'], PASSWORD);
    expect(done.code).toBe(0);
    expect(done.body.results[0]?.status).toBe('succeeded');
  });

  it('a cube name that matches nothing is a usage error before anything is sent', async () => {
    const { sim, tool, project } = await setup();
    const result = await tool.run(
      ['cubes', 'publish', 'Env', '--project', project, '--cube', 'Sales Cube', '--cube', 'Nope'],
      PASSWORD,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('No cube "Nope"');
    expect(sim.callsTo(/^POST .*\/v2\/cubes\//)).toHaveLength(0);
  });
});

describe('cubes publish --no-wait', () => {
  it('says each publish was requested and not followed, never that it succeeded', async () => {
    const { sim, tool, project } = await setup();
    const args = ['cubes', 'publish', 'Env', '--project', project, '--cube', 'Sales Cube', '--cube', 'Broken Cube'];
    const text = await tool.run([...args, '--no-wait'], PASSWORD);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^REQUESTED\t.*Sales Cube/m);
    expect(text.stdout).toMatch(/^REQUESTED\t.*Broken Cube/m);
    expect(text.stdout).toContain('2 publishes requested and not followed');
    expect(text.stdout).not.toMatch(/SUCCEEDED|FAILED|\b[1-9]\d* succeeded/);
    // The same cubes followed: one of them fails, which --no-wait could not have said.
    const json = await tool.json<PublishJson & { followed: boolean }>([...args, '--no-wait'], PASSWORD);
    expect([json.code, json.body.followed]).toEqual([0, false]);
    expect(json.body.results.map((result) => result.status)).toEqual(['unknown', 'unknown']);
    for (const result of json.body.results) {
      expect(result.jobId).toBeTruthy();
      expect(result.message).toBe(`Publish requested (job ${result.jobId}); not followed.`);
    }
    expect(sim.runbook.performed.filter((call) => call.kind === 'publish')).toHaveLength(4);
    // Nothing asked the job monitor: the publishes were sent and left to the server.
    expect(sim.callsTo(/^GET .*\/monitors\/jobs\//)).toHaveLength(0);
    const history = await tool.json<{ entries: { action?: string; outcome: string; message: string }[] }>(
      ['history'],
      PASSWORD,
    );
    const publishes = history.body.entries.filter((entry) => entry.action === 'republish');
    expect(publishes).toHaveLength(4);
    for (const entry of publishes)
      expect([entry.outcome, entry.message]).toEqual(['unknown', expect.stringContaining('not followed')]);
  });
});

describe('version gates', () => {
  it('a server older than the events API refuses list and trigger with SERVER_TOO_OLD, nothing sent', async () => {
    const { sim, tool } = await setup('test', '11.3.0000.1000');
    const listed = await tool.json<{ error: { code: string; message: string } }>(['events', 'list', 'Env'], PASSWORD);
    expect(listed.code).toBe(3);
    expect(listed.body.error).toMatchObject({
      code: 'SERVER_TOO_OLD',
      message: expect.stringMatching(
        /I-Server 11\.3\.0000\.1000; events needs 11\.3\.0100 or later\. Nothing was sent\./,
      ),
    });
    const trigger = await tool.run(['events', 'trigger', 'Env', 'Sales_Ready'], PASSWORD);
    expect(trigger.code).toBe(3);
    expect(trigger.stderr).toContain('needs 11.3.0100 or later');
    expect(sim.runbook.performed).toHaveLength(0);
    expect(sim.callsTo(/\/api\/events/)).toHaveLength(0);
  });

  it('a server older than REST publishing refuses the republish before any cube is sent', async () => {
    const { sim, tool, project } = await setup('test', '11.3.0400.1000');
    const refused = await tool.json<{ error: { code: string; message: string } }>(
      ['cubes', 'publish', 'Env', '--project', project, '--cube', 'Sales Cube'],
      PASSWORD,
    );
    expect([refused.code, refused.body.error.code]).toEqual([3, 'SERVER_TOO_OLD']);
    expect(refused.body.error.message).toContain('publishing cubes over REST needs 11.3.0500 or later');
    expect(sim.callsTo(/^POST .*\/v2\/cubes\//)).toHaveLength(0);
  });
});

describe('events and subscriptions', () => {
  it('triggers by name; none or several matches refuse with exit 2 and nothing sent', async () => {
    const { sim, tool } = await setup();
    const listed = await tool.json<{ events: { name: string }[] }>(['events', 'list', 'Env'], PASSWORD);
    expect(listed.body.events.map((event) => event.name)).toContain('Sales_Ready');
    const none = await tool.run(['events', 'trigger', 'Env', 'Sales Ready'], PASSWORD);
    expect([none.code, none.stderr]).toEqual([2, expect.stringContaining('No event is named "Sales Ready"')]);
    const two = await tool.run(['events', 'trigger', 'Env', 'Load_Done'], PASSWORD);
    expect([two.code, two.stderr]).toEqual([2, expect.stringContaining('give the id')]);
    expect(sim.runbook.performed).toHaveLength(0);
    const done = await tool.json<{ results: { status: string }[] }>(
      ['events', 'trigger', 'Env', 'Sales_Ready'],
      PASSWORD,
    );
    expect([done.code, done.body.results[0]?.status]).toEqual([0, 'succeeded']);
    expect(sim.runbook.performed.map((call) => call.kind)).toEqual(['trigger']);
  });

  it('lists and sends subscriptions, with history lines for each send', async () => {
    const { sim, tool, project } = await setup();
    const listed = await tool.json<{ subscriptions: { name: string; delivery: string }[] }>(
      ['subscriptions', 'list', 'Env', '--project', project],
      PASSWORD,
    );
    expect(listed.body.subscriptions.map((row) => row.name)).toEqual(['Daily Sales', 'Weekly KPIs']);
    const sent = await tool.json<{ results: { status: string }[] }>(
      ['subscriptions', 'send', 'Env', '--project', project, '--name', 'Daily Sales', '--name', 'Weekly KPIs'],
      PASSWORD,
    );
    expect(sent.code).toBe(0);
    expect(sim.runbook.performed.map((call) => call.kind)).toEqual(['send', 'send']);
    const history = await tool.json<{ entries: { action?: string }[] }>(['history'], PASSWORD);
    expect(history.body.entries.filter((entry) => entry.action === 'send')).toHaveLength(2);
  });

  it('on production: a trigger and a send without --yes refuse (exit 2); --dry-run names what would go; nothing sent', async () => {
    const { sim, tool, project } = await setup('production');
    const trigger = ['events', 'trigger', 'Env', 'Sales_Ready'];
    const send = ['subscriptions', 'send', 'Env', '--project', project, '--name', 'Daily Sales'];
    for (const args of [trigger, send]) {
      const refused = await tool.json<{ error: { code: string; message: string } }>(args, PASSWORD);
      expect([refused.code, refused.body.error.code]).toEqual([2, 'CONFIRMATION_REQUIRED']);
      expect(refused.body.error.message).toContain('--yes');
    }
    const dryTrigger = await tool.json<{ dryRun: boolean; event: { name: string } }>(
      [...trigger, '--dry-run'],
      PASSWORD,
    );
    expect([dryTrigger.code, dryTrigger.body.dryRun, dryTrigger.body.event.name]).toEqual([0, true, 'Sales_Ready']);
    const drySend = await tool.run([...send, '--dry-run'], PASSWORD);
    expect([drySend.code, drySend.stdout]).toEqual([0, expect.stringContaining('nothing was sent')]);
    expect(sim.runbook.performed).toHaveLength(0);
    expect(sim.callsTo(/^POST .*\/(events\/.*\/trigger|subscriptions\/.*\/send)/)).toHaveLength(0);
    const sent = await tool.json<{ results: { status: string }[] }>([...send, '--yes'], PASSWORD);
    expect([sent.code, sent.body.results[0]?.status]).toEqual([0, 'succeeded']);
    expect(sim.runbook.performed.map((call) => call.kind)).toEqual(['send']);
  });
});
