import { ProcessExit, SpawnRequest } from '../spawner';

/** Agent → launcher, over the IPC channel (JSON). */
export interface LaunchMessage extends SpawnRequest {
  readonly type: 'launch';
  readonly id: number;
}

/** Launcher → agent. Every launch gets `spawned` or `failed`; a spawned one later gets `exited`. */
export type LauncherReply =
  | { readonly type: 'spawned'; readonly id: number; readonly pid: number }
  | { readonly type: 'failed'; readonly id: number; readonly message: string }
  | ({ readonly type: 'exited'; readonly id: number } & ProcessExit);
