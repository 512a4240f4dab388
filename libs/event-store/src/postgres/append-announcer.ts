/**
 * Announces committed appends to the followers of every process, with at most one NOTIFY on its way: appends
 * that commit while one is being sent are covered by one more after it. A NOTIFY holds a lock of the whole
 * database from its commit until it is queued; sent inside every append, it made concurrent appends (an import's
 * batch) wait on that lock one after another. Sent after the commit, an announcement can be lost (a crash in
 * between, a failed send): a follower then finds the events at its next poll, later but none missing.
 */
export class AppendAnnouncer {
  private sending = false;
  private again = false;

  constructor(private readonly send: () => Promise<unknown>) {}

  announce(): void {
    if (this.sending) {
      this.again = true;
      return;
    }
    this.sending = true;
    void this.send()
      .catch(() => undefined)
      .finally(() => {
        this.sending = false;
        if (!this.again) return;
        this.again = false;
        this.announce();
      });
  }
}
