package io.tiercache.core.internal;

/** The model of a recency-only tier: least recently used evicted first, every write kept. */
final class LruMiniature implements MiniatureTier {

  private final int capacity;
  private final KeyLists lists;

  LruMiniature(int capacity) {
    this.capacity = capacity;
    this.lists = new KeyLists(capacity, 1);
  }

  @Override
  public boolean read(long hash) {
    int node = lists.find(hash);
    if (node < 0) {
      return false;
    }
    lists.moveToFront(node, 0);
    return true;
  }

  @Override
  public void write(long hash) {
    int node = lists.find(hash);
    if (node >= 0) {
      lists.moveToFront(node, 0);
      return;
    }
    if (lists.size() == capacity) {
      lists.remove(lists.leastRecent(0));
    }
    lists.add(hash, 0);
  }

  @Override
  public boolean holds(long hash) {
    return lists.find(hash) >= 0;
  }

  @Override
  public void remove(long hash) {
    int node = lists.find(hash);
    if (node >= 0) {
      lists.remove(node);
    }
  }

  @Override
  public void clear() {
    lists.clear();
  }

  @Override
  public long footprintBytes() {
    return 24 + lists.footprintBytes();
  }
}
