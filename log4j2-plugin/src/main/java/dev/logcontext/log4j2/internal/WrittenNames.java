package dev.logcontext.log4j2.internal;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The names one resolver call has written into the current JSON object, compared in the form
 * JsonTemplateLayout writes them: cut by its {@code JsonWriter} at {@code maxStringLength} (a high
 * surrogate at the cut dropped) with its truncation suffix, and encoded in the layout's charset,
 * which turns an unpaired surrogate (and, in a charset such as US-ASCII, any char it cannot encode)
 * into its replacement, {@code ?} for UTF-8.
 *
 * <p>An open-addressing hash set, cleared after each call without allocating. Not thread-safe: one
 * recycled resolver loop owns it.
 */
final class WrittenNames {
  private static final int INITIAL = 32;
  private static final int MAX_RETAINED = 1024;

  private final int maxLength;
  private final String suffix;
  private final Charset charset;
  private final boolean unicode;
  private String[] table = new String[INITIAL];
  private int[] used = new int[INITIAL / 2];
  private int size;

  WrittenNames(int maxLength, String suffix, Charset charset) {
    this.maxLength = maxLength;
    this.suffix = suffix;
    this.charset = charset;
    this.unicode =
        charset.equals(StandardCharsets.UTF_8)
            || charset.equals(StandardCharsets.UTF_16)
            || charset.equals(StandardCharsets.UTF_16BE)
            || charset.equals(StandardCharsets.UTF_16LE);
  }

  /** Returns {@code name} as the layout writes it. */
  String asWritten(String name) {
    String cut = name;
    if (name.length() > maxLength) {
      int end = Character.isHighSurrogate(name.charAt(maxLength - 1)) ? maxLength - 1 : maxLength;
      cut = name.substring(0, end) + suffix;
    }
    return needsEncoding(cut) ? new String(cut.getBytes(charset), charset) : cut;
  }

  private boolean needsEncoding(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0x80 && (!unicode || Character.isSurrogate(c))) {
        return true;
      }
    }
    return false;
  }

  int size() {
    return size;
  }

  boolean contains(String name) {
    String[] t = table;
    int mask = t.length - 1;
    for (int i = spread(name.hashCode()) & mask; ; i = (i + 1) & mask) {
      String k = t[i];
      if (k == null) {
        return false;
      }
      if (k.equals(name)) {
        return true;
      }
    }
  }

  /** Adds {@code name}, which the caller has checked is absent. */
  void add(String name) {
    if ((size + 1) * 2 > table.length) {
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
    insert(name);
  }

  private void insert(String name) {
    int mask = table.length - 1;
    int i = spread(name.hashCode()) & mask;
    while (table[i] != null) {
      i = (i + 1) & mask;
    }
    table[i] = name;
    used[size++] = i;
  }

  /** Forgets every name; drops a table that grew large after a huge event. */
  void clear() {
    if (table.length > MAX_RETAINED) {
      table = new String[INITIAL];
      used = new int[INITIAL / 2];
    } else {
      for (int j = 0; j < size; j++) {
        table[used[j]] = null;
      }
    }
    size = 0;
  }

  private static int spread(int hash) {
    return hash ^ (hash >>> 16);
  }
}
