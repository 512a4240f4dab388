import { HeldStates } from './held-states';

describe('HeldStates', () => {
  it('hands over only what changed since the last write, and after a write keeps only the trials it wrote', () => {
    const held = new HeldStates<number>();
    held.set('A', 1);
    held.set('B', 1);
    held.written();
    held.set('A', 2);
    held.states.set('C', 1);
    held.touch('C');
    expect(held.changed()).toEqual(
      new Map([
        ['A', 2],
        ['C', 1],
      ]),
    );
    held.written();
    expect([...held.states.keys()]).toEqual(['A', 'C']);
    expect(held.changed()).toEqual(new Map());
  });

  it('lets go of everything on clear', () => {
    const held = new HeldStates<number>();
    held.set('A', 1);
    held.clear();
    expect([held.states.size, held.changed().size]).toEqual([0, 0]);
  });
});
