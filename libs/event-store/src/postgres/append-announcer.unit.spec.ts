import { AppendAnnouncer } from './append-announcer';

/** A send that resolves (or fails) only when the test says so. */
const controlledSend = () => {
  const pending: { resolve: () => void; reject: (e: Error) => void }[] = [];
  const send = jest.fn(() => new Promise<void>((resolve, reject) => pending.push({ resolve, reject })));
  return { send, pending };
};

const settle = () => new Promise((r) => setImmediate(r));

describe('AppendAnnouncer', () => {
  it('given a NOTIFY on its way, when five appends commit meanwhile, then one more is sent after it, not five', async () => {
    const { send, pending } = controlledSend();
    const announcer = new AppendAnnouncer(send);
    announcer.announce();
    for (let i = 0; i < 5; i++) announcer.announce();
    expect(send).toHaveBeenCalledTimes(1);
    pending[0].resolve();
    await settle();
    expect(send).toHaveBeenCalledTimes(2);
    pending[1].resolve();
    await settle();
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('given a send that failed, when the next append commits, then it is announced (a failure stops nothing)', async () => {
    const { send, pending } = controlledSend();
    const announcer = new AppendAnnouncer(send);
    announcer.announce();
    pending[0].reject(new Error('connection lost'));
    await settle();
    announcer.announce();
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('given nothing on its way, when appends commit one after another, then each is announced', async () => {
    const { send, pending } = controlledSend();
    const announcer = new AppendAnnouncer(send);
    for (let i = 0; i < 3; i++) {
      announcer.announce();
      pending[i].resolve();
      await settle();
    }
    expect(send).toHaveBeenCalledTimes(3);
  });
});
