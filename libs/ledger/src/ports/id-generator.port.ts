import { randomUUID } from 'node:crypto';

/** Ids come in from outside so that tests can predict them. */
export abstract class IdGenerator {
  abstract newId(): string;
}

export class RandomIdGenerator extends IdGenerator {
  newId(): string {
    return randomUUID();
  }
}
