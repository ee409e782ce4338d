import type { HaproxyPort, InstallResult, RuntimeResult } from '../haproxy/port';

/** An in-memory HAProxy: records what the apply loop asked for; a config containing `INVALID` fails validation. */
export class FakeHaproxy implements HaproxyPort {
  readonly calls: string[] = [];
  /** The installed (validated) config text, what a reload or start would run. */
  installed?: string;
  /** The config the running "process" serves. */
  serving?: string;
  runtimeAnswer: RuntimeResult = { ok: true };
  private up = false;

  running(): boolean {
    return this.up;
  }

  pid(): number | undefined {
    return this.up ? 4242 : undefined;
  }

  async install(text: string, validate: boolean): Promise<InstallResult> {
    this.calls.push(`install${validate ? '' : ' unchecked'}`);
    if (validate && text.includes('INVALID')) return { ok: false, message: "[ALERT] parsing: unknown keyword 'INVALID'" };
    this.installed = text;
    return { ok: true };
  }

  async start(): Promise<void> {
    this.calls.push('start');
    this.up = true;
    this.serving = this.installed;
  }

  async reload(): Promise<void> {
    this.calls.push('reload');
    this.serving = this.installed;
  }

  async runtime(commands: readonly string[]): Promise<RuntimeResult> {
    this.calls.push(`runtime ${commands.join('; ')}`);
    if (this.runtimeAnswer.ok) this.serving = this.installed;
    return this.runtimeAnswer;
  }

  async stop(): Promise<void> {
    this.calls.push('stop');
    this.up = false;
  }
}
