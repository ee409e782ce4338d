/** What the apply loop needs from HAProxy; the real one is `HaproxyManager`, tests use an in-memory fake. */
export interface HaproxyPort {
  running(): boolean;
  /** The master's pid while running. */
  pid(): number | undefined;
  /** Writes `text` to a temp file, checks it with `haproxy -c` (when `validate`), then renames it into place. */
  install(text: string, validate: boolean): Promise<InstallResult>;
  /** Starts HAProxy (master-worker) on the installed config. */
  start(): Promise<void>;
  /**
   * Saves `show servers state`, then reloads the master on the installed config; resolves once the new worker runs.
   * `servers` (`<backend>/<server>` → `addr:port`, the filled slots of the installed config): only servers that
   * keep their address carry their state over; the others start as the config says. Omitted: all carry over.
   */
  reload(servers?: ReadonlyMap<string, string>): Promise<void>;
  /** Runs runtime-API commands in order; stops at the first unexpected answer. */
  runtime(commands: readonly string[]): Promise<RuntimeResult>;
  stop(): Promise<void>;
}

export type InstallResult = { readonly ok: true } | { readonly ok: false; readonly message: string };
export type RuntimeResult = { readonly ok: true } | { readonly ok: false; readonly command: string; readonly answer: string };
