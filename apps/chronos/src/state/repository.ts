import { JsonRecords, KeyValueStore, StoreOp } from '@strato/coordination';
import type { JobRecord, RunRecord } from '../core/types';

const JOBS = 'jobs';
const HISTORY = 'history';

/** One durable write: jobs to put, jobs to delete (with their history), histories to replace. */
export interface ChronosWrite {
  readonly jobs?: readonly JobRecord[];
  readonly deleted?: readonly string[];
  readonly histories?: ReadonlyMap<string, readonly RunRecord[]>;
}

export interface LoadedState {
  readonly jobs: JobRecord[];
  readonly histories: Map<string, RunRecord[]>;
}

/**
 * Chronos' state in a key-value store: `jobs/<name>` (definition, counters, schedule position,
 * dependency state and the runs queued or running) and `history/<name>` (finished runs, newest
 * first). Every change is one batch, so a job and its history never disagree after a crash.
 */
export class ChronosRepository {
  private readonly jobs: JsonRecords<JobRecord>;
  private readonly histories: JsonRecords<RunRecord[]>;

  constructor(private readonly store: KeyValueStore) {
    this.jobs = new JsonRecords(store, JOBS);
    this.histories = new JsonRecords(store, HISTORY);
  }

  async load(): Promise<LoadedState> {
    const jobs = await this.jobs.all();
    const histories = new Map<string, RunRecord[]>();
    for (const job of jobs) histories.set(job.definition.name, (await this.histories.get(job.definition.name)) ?? []);
    return { jobs, histories };
  }

  async write(change: ChronosWrite): Promise<void> {
    const ops: StoreOp[] = [];
    for (const name of change.deleted ?? []) ops.push({ op: 'delete', key: `${JOBS}/${name}` }, { op: 'delete', key: `${HISTORY}/${name}` });
    for (const job of change.jobs ?? []) ops.push(put(`${JOBS}/${job.definition.name}`, job));
    for (const [name, runs] of change.histories ?? []) ops.push(put(`${HISTORY}/${name}`, runs));
    if (ops.length > 0) await this.store.batch(ops);
  }
}

function put(key: string, value: unknown): StoreOp {
  return { op: 'put', key, value: Buffer.from(JSON.stringify(value)) };
}
