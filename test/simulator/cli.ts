/**
 * `npm run simulator -- [--port N] [--https] [--context /Path] [--projects N|recorded]
 * [--version 11.4.1200] [--latency MS] [--guest] [--sticky] [--gzip] [--content-caches N]
 * [--cube-caches N]`: runs the Library REST simulator (a two-node cluster) until interrupted and
 * prints its URL and demo users.
 */
import { parseArgs } from 'node:util';
import { startSimulator } from './server.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    https: { type: 'boolean', default: false },
    context: { type: 'string', default: '/MicroStrategyLibrary' },
    projects: { type: 'string', default: '12' },
    version: { type: 'string' },
    latency: { type: 'string', default: '0' },
    guest: { type: 'boolean', default: false },
    sticky: { type: 'boolean', default: false },
    gzip: { type: 'boolean', default: false },
    'content-caches': { type: 'string', default: '40' },
    'cube-caches': { type: 'string', default: '6' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  process.stdout.write(
    'Usage: npm run simulator -- [--port N] [--https] [--context /MicroStrategyLibrary] [--projects N|recorded]\n' +
      '       [--version 11.4.1200.0081] [--latency MS] [--guest] [--sticky] [--gzip]\n' +
      '       [--content-caches N] [--cube-caches N]   per node of the two-node cluster\n',
  );
  process.exit(0);
}

const simulator = await startSimulator({
  port: Number(values.port),
  https: values.https,
  contextPath: values.context,
  projects: values.projects === 'recorded' ? 'recorded' : Number(values.projects),
  unloadedProjects: values.projects === 'recorded' ? [] : [2, 7],
  ...(values.version ? { iServerVersion: values.version } : {}),
  latencyMs: Number(values.latency),
  guestEnabled: values.guest,
  stickyCookie: values.sticky,
  gzip: values.gzip,
  cluster: {
    contentCachesPerNode: Number(values['content-caches']),
    cubeCachesPerNode: Number(values['cube-caches']),
    // A third node, stopped, as clusters under maintenance have.
    nodes: [
      { name: 'iserver-a.example.internal' },
      { name: 'iserver-b.example.internal' },
      { name: 'iserver-c.example.internal', status: 'stopped' },
    ],
  },
});

// Before the first line: whoever reads it may stop the simulator at once, and its CA file goes with it.
const stop = (): void => {
  void simulator.close().then(() => {
    simulator.removeCaFile();
    process.exit(0);
  });
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

process.stdout.write(
  `Library simulator listening at ${simulator.url}\n` +
    (simulator.caFile ? `CA certificate: ${simulator.caFile}\n` : '') +
    'Users: administrator / admin-pass (Administer caches), viewer / viewer-pass (no privilege), ' +
    'jane.ldap / ldap-pass (LDAP), API token APITOKENADMIN0001\n',
);
