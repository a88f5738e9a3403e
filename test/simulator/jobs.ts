/**
 * The job monitor (GET /v2/monitors/jobs/{id}, gate 11.3.0200): a publish job is "executing" until
 * its time has come, then "completed" or "error" with a message; a job that leaves the monitor
 * (mstrio-py #194) keeps saying EXECUTING and then answers 404.
 */
import type { ApiArea } from './api-area.ts';
import { isAtLeast, notAllowed, notFound, ok } from './http.ts';
import type { RunbookServer } from './cubes.ts';

const JOB = /^\/v2\/monitors\/jobs\/([^/]+)$/;

export function jobsArea(server: RunbookServer): ApiArea {
  return {
    serves: (route) => JOB.test(route),
    answer(call) {
      if (!isAtLeast(server.iServerVersion, [11, 3, 200])) return notFound();
      if (call.method !== 'GET') return notAllowed();
      const job = server.runbook.jobs.get(decodeURIComponent(JOB.exec(call.route)?.[1] ?? ''));
      if (!job) return { status: 404, error: { code: 'ERR004', message: 'The job was not found.' } };
      job.looks += 1;
      const now = Date.now();
      server.runbook.settle(job, now);
      const leaves =
        job.ending === 'leaves-after-success' || job.ending === 'leaves-after-failure' || job.ending === 'dirty';
      if (!job.applied) return ok({ id: job.id, status: leaves ? 'EXECUTING' : 'executing', type: 'cube_publish' });
      if (leaves) return { status: 404, error: { code: 'ERR004', message: 'The job was not found.' } };
      if (job.ending === 'fails')
        return ok({
          id: job.id,
          status: 'ERROR',
          errorMessage: 'SQL execution error: table WH_SALES_FACT does not exist.',
        });
      return ok({ id: job.id, status: 'COMPLETED' });
    },
  };
}
