import { RecordedEvent } from '../event-store.port';
import { DeliveryBatcher, SubscriptionItem } from './delivery-batcher';

const event = (position: number): SubscriptionItem => ({
  kind: 'event',
  event: {
    position,
    streamId: 'trial-1',
    revision: 1,
    eventId: `e-${position}`,
    type: 'T',
    schemaVersion: 1,
    data: {},
    metadata: {} as RecordedEvent['metadata'],
  },
});
const checkpoint = (position: number): SubscriptionItem => ({ kind: 'checkpoint', position });

const feed = (batcher: DeliveryBatcher, items: SubscriptionItem[]) => items.forEach((i) => batcher.offer(i));
const summary = (batcher: DeliveryBatcher) =>
  batcher.take().map((d) => (d.kind === 'events' ? d.events.map((e) => e.position) : `checkpoint ${d.position}`));

describe('DeliveryBatcher', () => {
  it('is full after batchSize items', () => {
    const batcher = new DeliveryBatcher(0, 3);
    feed(batcher, [event(1), event(3)]);
    expect(batcher.isFull).toBe(false);
    batcher.offer(event(5));
    expect(batcher.isFull).toBe(true);
    expect(summary(batcher)).toEqual([[1, 3, 5]]);
    expect(batcher.isFull).toBe(false);
  });

  it('hands out nothing when nothing was offered', () => {
    expect(new DeliveryBatcher(0, 3).take()).toEqual([]);
  });

  it('delivers a checkpoint beyond the batch after the batch', () => {
    const batcher = new DeliveryBatcher(0, 10);
    feed(batcher, [event(3), checkpoint(40)]);
    expect(summary(batcher)).toEqual([[3], 'checkpoint 40']);
  });

  it('drops a checkpoint that events gathered with it have overtaken', () => {
    const batcher = new DeliveryBatcher(0, 10);
    feed(batcher, [checkpoint(40), event(41)]);
    expect(summary(batcher)).toEqual([[41]]);
  });

  it('coalesces checkpoints of a filtered-out stretch into the newest', () => {
    const batcher = new DeliveryBatcher(7, 10);
    feed(batcher, [checkpoint(20), checkpoint(60), checkpoint(44)]);
    expect(summary(batcher)).toEqual(['checkpoint 60']);
  });

  it('fills up on checkpoints alone, so long stretches without events still report progress', () => {
    const batcher = new DeliveryBatcher(0, 2);
    feed(batcher, [checkpoint(20), checkpoint(30)]);
    expect(batcher.isFull).toBe(true);
  });

  it('never hands out a checkpoint at or behind the start or the last delivery', () => {
    const batcher = new DeliveryBatcher(50, 10);
    batcher.offer(checkpoint(50));
    expect(batcher.take()).toEqual([]);
    feed(batcher, [event(51), checkpoint(70)]);
    summary(batcher);
    batcher.offer(checkpoint(69));
    expect(batcher.take()).toEqual([]);
  });

  it('never repeats an event at or before the start or one already delivered', () => {
    const batcher = new DeliveryBatcher(5, 10);
    feed(batcher, [event(5), event(7), event(7)]);
    expect(summary(batcher)).toEqual([[7]]);
    feed(batcher, [event(7), event(9)]);
    expect(summary(batcher)).toEqual([[9]]);
  });

  it('refuses a batch size that cannot deliver anything', () => {
    expect(() => new DeliveryBatcher(0, 0)).toThrow(RangeError);
  });
});
