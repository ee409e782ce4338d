/**
 * Runs an async task one at a time: a trigger while it runs makes it run once more afterwards (any
 * number of triggers meanwhile collapse into that one run). For re-reading ZooKeeper state on events.
 */
export class SerialTask {
  private running = false;
  private again = false;

  constructor(
    private readonly task: () => Promise<void>,
    private readonly onError: (error: unknown) => void,
  ) {}

  trigger(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.loop();
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.task();
      } catch (error) {
        this.onError(error);
      }
    } while (this.again);
    this.running = false;
  }
}
