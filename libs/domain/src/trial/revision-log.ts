/**
 * An append-only list that a fold extends one entry per event without copying it. Successive lists of one fold share
 * a single array, each seeing only its own length of it: a fold appends at the end of the newest list, so an append
 * costs one push, not a copy of everything before it (which made folding a trial quadratic in its events). A list
 * that is not the newest of its array (a state folded twice, as when a command is decided again on the same state)
 * copies its own entries before appending, so no list ever sees an entry that is not its own.
 *
 * It serialises as the plain array of its entries; `from` takes such an array back (a state read from JSON).
 */
export class RevisionLog<T> implements Iterable<T> {
  readonly #shared: T[];
  readonly length: number;

  private constructor(shared: T[], length: number) {
    this.#shared = shared;
    this.length = length;
  }

  static empty<T>(): RevisionLog<T> {
    return new RevisionLog<T>([], 0);
  }

  /** The list itself, or a list of a stored array's entries (a state read back from JSON holds a plain array). */
  static from<T>(entries: RevisionLog<T> | readonly T[]): RevisionLog<T> {
    return entries instanceof RevisionLog ? entries : new RevisionLog([...entries], entries.length);
  }

  append(entry: T): RevisionLog<T> {
    const shared = this.#shared.length === this.length ? this.#shared : this.#shared.slice(0, this.length);
    shared.push(entry);
    return new RevisionLog(shared, this.length + 1);
  }

  /** The entry at `index` (0-based), or undefined outside this list's own length. */
  at(index: number): T | undefined {
    return Number.isInteger(index) && index >= 0 && index < this.length ? this.#shared[index] : undefined;
  }

  *[Symbol.iterator](): Iterator<T> {
    for (let i = 0; i < this.length; i++) yield this.#shared[i];
  }

  toJSON(): T[] {
    return this.#shared.slice(0, this.length);
  }
}
