/**
 * What the runbook areas of the simulator share: the Intelligent Cubes of each project as objects
 * (OLAP and super cubes, some never published), their publish jobs (timed, so tests slow them
 * deterministically), events (two share a name) and subscriptions. Each cube says how its next
 * publish ends: completed, error with a message, leaving the monitor after success or after
 * failure (mstrio-py #194), or leaving the cube dirty.
 */
import type { SimulatedProject } from './projects.ts';
import { guid } from './seeded.ts';

export type PublishEnding = 'completes' | 'fails' | 'leaves-after-success' | 'leaves-after-failure' | 'dirty';

export interface SimulatedCube {
  id: string;
  name: string;
  projectId: string;
  subtype: 776 | 779;
  folder: string[];
  /** Status bit mask; 0 for a cube never published. */
  status: number;
  sizeKb: number;
  lastUpdate: number | null;
  ending: PublishEnding;
  /** How long a publish job runs. */
  jobMs: number;
}

export interface SimulatedJob {
  id: string;
  jobId: number;
  cubeId: string;
  startedAt: number;
  endsAt: number;
  ending: PublishEnding;
  /** Set once the job has ended and its effect on the cube is applied. */
  applied: boolean;
  /** How many times GET /v2/monitors/jobs/{id} was asked. */
  looks: number;
}

export interface SimulatedEvent {
  id: string;
  name: string;
  description: string;
}

export interface SimulatedSubscription {
  id: string;
  name: string;
  projectId: string;
  owner: string;
  mode: string;
  schedule: string;
}

export const READY_STATUS = 2 + 4 + 32 + 64;
export const DIRTY = 16;

/** Publishes a cube stands for: cube and project ids, user and time. */
export interface PerformedRunbookCall {
  kind: 'publish' | 'trigger' | 'send';
  id: string;
  projectId: string | null;
  username: string;
  at: number;
}

function cubesOf(project: SimulatedProject, index: number): SimulatedCube[] {
  const base = (name: string, subtype: 776 | 779, published: boolean): SimulatedCube => ({
    id: guid(`cube-object-${project.id}-${name}`),
    name,
    projectId: project.id,
    subtype,
    folder: ['Public Objects', 'Reports'],
    status: published ? READY_STATUS : 0,
    sizeKb: published ? 2048 : 0,
    lastUpdate: published ? Date.UTC(2026, 10, 1, 3, 0, 0) : null,
    ending: 'completes',
    jobMs: 300,
  });
  if (index > 1) return [base('Sales Cube', 776, true)];
  return [
    base('Sales Cube', 776, true),
    base('Revenue Cube', 776, true),
    { ...base('Inventory Super Cube', 779, true), jobMs: 1500 },
    base('Never Published Cube', 776, false),
    { ...base('Broken Cube', 776, true), ending: 'fails' },
    { ...base('Vanishing Cube', 779, true), ending: 'leaves-after-success' },
    { ...base('Lost Cube', 776, true), ending: 'leaves-after-failure' },
    { ...base('Dirty Cube', 776, true), ending: 'dirty' },
  ];
}

export class RunbookState {
  cubes: SimulatedCube[] = [];
  readonly jobs = new Map<string, SimulatedJob>();
  events: SimulatedEvent[] = [
    { id: guid('event-sales-ready'), name: 'Sales_Ready', description: 'Sales data loaded' },
    { id: guid('event-load-done-1'), name: 'Load_Done', description: 'Nightly load (old)' },
    { id: guid('event-load-done-2'), name: 'Load_Done', description: 'Nightly load' },
    { id: guid('event-finance-ready'), name: 'Finance_Ready', description: 'Finance data loaded' },
  ];
  subscriptions: SimulatedSubscription[] = [];
  readonly performed: PerformedRunbookCall[] = [];
  #nextJob = 478;

  constructor(projects: readonly SimulatedProject[]) {
    projects.forEach((project, index) => {
      this.cubes.push(...cubesOf(project, index));
      if (index < 2)
        this.subscriptions.push(
          {
            id: guid(`sub-daily-${project.id}`),
            name: 'Daily Sales',
            projectId: project.id,
            owner: 'Administrator',
            mode: 'EMAIL',
            schedule: 'Sales_Ready',
          },
          {
            id: guid(`sub-weekly-${project.id}`),
            name: 'Weekly KPIs',
            projectId: project.id,
            owner: 'jane.ldap',
            mode: 'FILE',
            schedule: 'Weekly Monday',
          },
        );
    });
  }

  cube(id: string): SimulatedCube | undefined {
    return this.cubes.find((cube) => cube.id === id);
  }

  startJob(cube: SimulatedCube, now: number): SimulatedJob {
    const jobId = this.#nextJob++;
    const id = `${jobId}:${Buffer.from('node-1.example.com').toString('base64')}`;
    cube.status |= 1;
    const job: SimulatedJob = {
      id,
      jobId,
      cubeId: cube.id,
      startedAt: now,
      endsAt: now + cube.jobMs,
      ending: cube.ending,
      applied: false,
      looks: 0,
    };
    this.jobs.set(id, job);
    return job;
  }

  /** Applies a job's effect on its cube once its time has come. */
  settle(job: SimulatedJob, now: number): void {
    if (job.applied || now < job.endsAt) return;
    job.applied = true;
    const cube = this.cube(job.cubeId);
    if (!cube) return;
    cube.status &= ~1;
    if (job.ending === 'completes' || job.ending === 'leaves-after-success') {
      cube.status = READY_STATUS;
      cube.lastUpdate = Math.max(now, (cube.lastUpdate ?? 0) + 1000);
      cube.sizeKb = Math.max(cube.sizeKb, 1024);
    }
    if (job.ending === 'dirty') cube.status = READY_STATUS | DIRTY;
  }
}

/** "MM/DD/YYYY hh:mm:ss" in UTC, as the Library writes a cube's last update. */
export function cubeTime(time: number): string {
  const date = new Date(time);
  const two = (value: number): string => String(value).padStart(2, '0');
  return `${two(date.getUTCMonth() + 1)}/${two(date.getUTCDate())}/${date.getUTCFullYear()} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`;
}
