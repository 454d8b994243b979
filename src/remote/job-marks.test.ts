import { describe, expect, it } from 'vitest';
import { isWorkerJobDir, workerSession } from './job-marks.js';

describe('isWorkerJobDir', () => {
  const scratch = '/tmp/orch-worker-w1';
  it.each([
    ['a job of this worker', '/tmp/orch-worker-w1/jobs/r.a.1/.orchestrator', true],
    ['a job of another worker beside it', '/tmp/orch-worker-w2/jobs/r.a.1/.orchestrator', true],
    ["a job of a head's --local-too worker", '/tmp/orch-head-worker-42/jobs/r.a.1/.orchestrator', true],
    ['a project of a local run', '/home/me/project/.orchestrator', false],
    ['a worker folder under another tmp', '/var/tmp/orch-worker-w1/jobs/r.a.1/.orchestrator', false],
    ['a folder named like a job elsewhere', '/tmp/other/jobs/r.a.1/.orchestrator', false],
  ])('%s', (_name, dir, expected) => {
    expect(isWorkerJobDir(dir, scratch)).toBe(expected);
  });
});

describe('workerSession', () => {
  it('has the shape of a run id: start in base 36, a dash, the pid', () => {
    expect(workerSession(36)).toBe(`10-${process.pid}`);
  });
});
