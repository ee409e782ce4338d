import type { AppVersionRef } from './types';

/** How many stored root versions reference each app version: the app-version GC keeps referenced ones. */
export class VersionReferences {
  private readonly counts = new Map<string, Map<string, number>>();

  has(appId: string, version: string): boolean {
    return this.counts.get(appId)?.has(version) ?? false;
  }

  add(ref: AppVersionRef): void {
    const counts = this.counts.get(ref.id) ?? new Map<string, number>();
    this.counts.set(ref.id, counts.set(ref.version, (counts.get(ref.version) ?? 0) + 1));
  }

  /** Drops one reference; true when it was the last one to that version. */
  remove(ref: AppVersionRef): boolean {
    const counts = this.counts.get(ref.id);
    const count = counts?.get(ref.version);
    if (!counts || count === undefined) return false;
    if (count > 1) {
      counts.set(ref.version, count - 1);
      return false;
    }
    counts.delete(ref.version);
    if (counts.size === 0) this.counts.delete(ref.id);
    return true;
  }
}
