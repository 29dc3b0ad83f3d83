import type { PeriodicJob } from './module';

/** Runs each job every `everyMs` (never two runs of one job at once) until stopped. */
export function startJobs(jobs: PeriodicJob[], log?: { error: (o: unknown, msg: string) => void }): { stop(): Promise<void> } {
  let stopped = false;
  const running = new Map<string, Promise<unknown>>();
  const timers = jobs.map((job) => {
    const t = setInterval(() => {
      if (stopped || running.has(job.name)) return;
      const p = job.run().catch((err) => log?.error({ err, job: job.name }, 'periodic job failed')).finally(() => running.delete(job.name));
      running.set(job.name, p);
    }, job.everyMs);
    t.unref();
    return t;
  });
  return {
    async stop() {
      stopped = true;
      timers.forEach(clearInterval);
      await Promise.all(running.values());
    },
  };
}
