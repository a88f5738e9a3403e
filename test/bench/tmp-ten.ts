import { tenEnvironments } from './engine-rows.ts';
const t = await tenEnvironments(25, 500);
console.log(Math.round(t.wallMs), t.floorMs, (t.wallMs / t.floorMs).toFixed(3), 'client cpu', Math.round(t.cpuMicros / 1000), 'sims cpu', t.simulatorsCpuMs);
