package dev.logcontext.json.internal;

/**
 * The field names already written into the current JSON object: an open-addressing hash set that is
 * cleared after each event without allocating.
 *
 * <p>Not thread-safe: owned by one {@link Encoding}.
 */
final class KeySet {
  private static final int INITIAL = 32;
  private static final int MAX_RETAINED = 1024;

  private String[] table = new String[INITIAL];
  private int[] used = new int[INITIAL / 2];
  private int size;

  boolean contains(String key) {
    String[] t = table;
    int mask = t.length - 1;
    for (int i = spread(key.hashCode()) & mask; ; i = (i + 1) & mask) {
      String k = t[i];
      if (k == null) {
        return false;
      }
      if (k.equals(key)) {
        return true;
      }
    }
  }

  /** Adds {@code key}, which the caller has checked is absent. */
  void add(String key) {
    if ((size + 1) * 2 > table.length) {
      rehash();
    }
    insert(key);
  }

  /** Adds {@code key} unless present, with one probe; returns whether it was added. */
  boolean addIfAbsent(String key) {
    String[] t = table;
    int mask = t.length - 1;
    int i = spread(key.hashCode()) & mask;
    for (String k; (k = t[i]) != null; i = (i + 1) & mask) {
      if (k.equals(key)) {
        return false;
      }
    }
    if ((size + 1) * 2 > t.length) {
      rehash();
      insert(key);
    } else {
      t[i] = key;
      used[size++] = i;
    }
    return true;
  }

  private void insert(String key) {
    int mask = table.length - 1;
    int i = spread(key.hashCode()) & mask;
    while (table[i] != null) {
      i = (i + 1) & mask;
    }
    table[i] = key;
    used[size++] = i;
  }

  private void rehash() {
    String[] old = table;
    int[] oldUsed = used;
    int oldSize = size;
    table = new String[old.length * 2];
    used = new int[old.length];
    size = 0;
    for (int j = 0; j < oldSize; j++) {
      insert(old[oldUsed[j]]);
    }
  }

  void clear() {
    for (int j = 0; j < size; j++) {
      table[used[j]] = null;
    }
    size = 0;
  }

  /** Clears, and drops a table that grew large after a huge event. */
  void trim() {
    if (table.length > MAX_RETAINED) {
      table = new String[INITIAL];
      used = new int[INITIAL / 2];
      size = 0;
    } else {
      clear();
    }
  }

  private static int spread(int hash) {
    return hash ^ (hash >>> 16);
  }
}
