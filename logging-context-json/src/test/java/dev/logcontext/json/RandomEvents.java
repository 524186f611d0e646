package dev.logcontext.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A seeded generator of hostile events and formats for the writer's property tests: all of Unicode
 * in messages, keys and values (unpaired surrogates, C0 and C1 controls, U+2028), deep, wide,
 * shared and cyclic structures, NaN and infinities, huge numbers, objects whose {@code toString()}
 * throws, recurses or returns null, and throwables with cyclic causes and suppressed cycles, deep
 * chains and many frames. Secrets are only ever placed under keys that must be redacted, and always
 * contain {@link #SECRET}, so a line that shows one has leaked it.
 */
final class RandomEvents {
  static final String SECRET = "S3CR3T";

  private static final String[] FRAGMENTS = {
    "password", "token", "authorization", "secret", "cookie"
  };
  private static final String[] RESERVED = {
    "message", "level", "@timestamp", "logger_name", "thread_name", "log.level", "ctx_message",
    "event_truncated", "encoder_error", "stack_trace", "tags", "service", "ctx", "error.type"
  };
  private static final String[] LEVELS = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR"};

  private final Random random;
  private int secrets;

  /** Whether the event built last has a message that fails while read (minimal form). */
  boolean broken;

  RandomEvents(long seed) {
    this.random = new Random(seed);
  }

  // ---------------------------------------------------------------------------------------------
  // Formats

  JsonFormat format() {
    JsonFormat.Builder b = JsonFormat.builder();
    if (random.nextBoolean()) {
      b.preset("ecs");
    }
    b.maxStringLength(pickInt(0, 1, 2, 5, 16, 17, 64, 1000, JsonFormat.DEFAULT_MAX_STRING_LENGTH));
    b.maxEventBytes(pickInt(0, 0, 1024, 1500, 4096, 65_536));
    if (random.nextInt(4) == 0) {
      b.nestContextUnder("ctx");
    }
    if (random.nextInt(3) == 0) {
      b.staticFields("service=orders,env=prod");
    }
    if (random.nextInt(4) == 0) {
      b.includeFields("level_value,error_type");
    }
    if (random.nextInt(5) == 0) {
      b.excludeFields("thread");
    }
    if (random.nextInt(4) == 0) {
      b.maxStackDepthPerThrowable(pickInt(1, 3, 50));
    }
    if (random.nextInt(4) == 0) {
      b.shortenedClassNameLength(pickInt(1, 10, 30));
    }
    if (random.nextInt(4) == 0) {
      b.addFrameExclusion("^java\\.lang\\.");
    }
    b.rootCauseFirst(random.nextBoolean());
    if (random.nextInt(4) == 0) {
      b.maxStackTraceLength(pickInt(1, 100, 5000));
    }
    return b.build();
  }

  // ---------------------------------------------------------------------------------------------
  // Events

  TestEvent event() {
    broken = false;
    TestEvent e = TestEvent.event();
    e.timestamp(
        random.nextInt(20) == 0
            ? random.nextLong() / 1000
            : 1_700_000_000_000L + (long) (random.nextDouble() * TimeUnit.DAYS.toMillis(3650)));
    e.level(random.nextInt(10) == 0 ? text(12) : LEVELS[random.nextInt(LEVELS.length)]);
    e.logger(random.nextInt(10) == 0 ? text(40) : "com.example.Service" + random.nextInt(5));
    e.thread(random.nextInt(10) == 0 ? text(30) : "worker-" + random.nextInt(8));
    if (random.nextInt(100) == 0) {
      broken = true;
      e.message(new FailingText());
    } else {
      e.message(
          random.nextInt(8) == 0 ? new StringBuilder(text(200)) : text(pickInt(0, 10, 200, 3000)));
    }
    int contextFields = random.nextInt(12);
    for (int i = 0; i < contextFields; i++) {
      String key = random.nextInt(6) == 0 ? secretKey() : contextKey();
      e.with(key, contextValue(key));
    }
    if (random.nextBoolean()) {
      Map<String, Object> mdc =
          random.nextInt(4) == 0 ? new IdentityListMap<>() : new LinkedHashMap<>();
      int n = random.nextInt(10);
      for (int i = 0; i < n; i++) {
        String key = anyKey();
        mdc.put(key, valueFor(key, 0));
      }
      e.mdc(mdc);
    }
    int keyValues = random.nextInt(8);
    for (int i = 0; i < keyValues; i++) {
      String key = random.nextInt(10) == 0 ? null : anyKey();
      e.kv(key, valueFor(key, 0));
    }
    int markers = random.nextInt(3);
    for (int i = 0; i < markers; i++) {
      e.marker(text(10));
    }
    if (random.nextInt(3) == 0) {
      e.thrown(withFixedFrames(throwable()));
    }
    return e;
  }

  /** Context keys follow the key rule. */
  private String contextKey() {
    if (random.nextInt(4) == 0) {
      return RESERVED[random.nextInt(3)];
    }
    return "k" + random.nextInt(20);
  }

  private String secretKey() {
    String fragment = FRAGMENTS[random.nextInt(FRAGMENTS.length)];
    String spelled = random.nextBoolean() ? fragment.toUpperCase(java.util.Locale.ROOT) : fragment;
    return "customer_account_" + spelled + random.nextInt(3);
  }

  private String anyKey() {
    switch (random.nextInt(8)) {
      case 0:
        return RESERVED[random.nextInt(RESERVED.length)];
      case 1:
        return "user" + pick("\uD800", "\uDC00", "\uFFFD", "\uDBFF\uDFFF", "\uDFFF\uD800");
      case 2:
        return secretKey();
      case 3:
        return text(pickInt(1, 5, 40));
      case 4:
        return new String("id");
      case 5:
        return "x".repeat(pickInt(15, 16, 17, 40)) + pick("", "_a", "_b");
      default:
        return "k" + random.nextInt(6);
    }
  }

  private Object contextValue(String key) {
    if (isSecretKey(key)) {
      return secret();
    }
    // Snapshot values are copied at bind time: keep them to what binding accepts today.
    switch (random.nextInt(6)) {
      case 0:
        return text(pickInt(0, 20, 500));
      case 1:
        return random.nextLong();
      case 2:
        return random.nextDouble();
      case 3:
        {
          // Ordered, so that the corpus is the same in every run (Map.of's order is not).
          Map<String, Object> map = new LinkedHashMap<>();
          map.put("inner_" + random.nextInt(3), text(10));
          map.put("customer_password", secret());
          return map;
        }
      case 4:
        return List.of(1, "two", 3.0);
      default:
        return random.nextBoolean();
    }
  }

  private Object valueFor(String key, int depth) {
    if (key != null && isSecretKey(key)) {
      return random.nextBoolean() ? secret() : List.of(secret(), Map.of("x", secret()));
    }
    return value(depth);
  }

  private Object value(int depth) {
    int choice = random.nextInt(depth > 20 ? 12 : 24);
    switch (choice) {
      case 0:
        return null;
      case 1:
        return text(pickInt(0, 1, 30, 300));
      case 2:
        return random.nextInt();
      case 3:
        return random.nextLong();
      case 4:
        return pick(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 1e308);
      case 5:
        return pick(Float.NaN, Float.NEGATIVE_INFINITY, 1.5f);
      case 6:
        return pick(
            new BigDecimal("1E+1000000"),
            new BigDecimal("-1E-1000000"),
            new BigDecimal(BigInteger.TEN.pow(500), 3),
            BigDecimal.ZERO);
      case 7:
        return BigInteger.TWO.pow(pickInt(10, 2000));
      case 8:
        return new UUID(random.nextLong(), random.nextLong());
      case 9:
        return Instant.ofEpochMilli(random.nextLong());
      case 10:
        return pick(new ThrowingToString(), new NullToString(), new RecursiveToString());
      case 11:
        return random.nextBoolean();
      case 12:
      case 13:
        return map(depth);
      case 14:
      case 15:
        return list(depth);
      case 16:
        return new int[random.nextInt(50)];
      case 17:
        return new Object[] {text(5), value(depth + 1), null};
      case 18:
        return cyclic();
      case 19:
        return shared();
      case 20:
        return deep(pickInt(15, 16, 17, 40));
      case 21:
        if (random.nextInt(8) == 0) {
          return new BrokenMap();
        }
        return 'c';
      case 22:
        if (random.nextInt(4) == 0) {
          return new LyingList();
        }
        return (short) 7;
      default:
        return pick(Thread.State.RUNNABLE, TimeUnit.SECONDS);
    }
  }

  private Map<Object, Object> map(int depth) {
    Map<Object, Object> map =
        random.nextInt(4) == 0 ? new IdentityListMap<>() : new LinkedHashMap<>();
    int n = random.nextInt(random.nextInt(10) == 0 ? 200 : 6);
    for (int i = 0; i < n; i++) {
      Object key;
      switch (random.nextInt(6)) {
        case 0:
          key = random.nextInt(3);
          break;
        case 1:
          key = String.valueOf(random.nextInt(3));
          break;
        case 2:
          key = new ThrowingToString();
          break;
        default:
          key = anyKey();
          break;
      }
      map.put(key, key instanceof String ? valueFor((String) key, depth + 1) : value(depth + 1));
    }
    return map;
  }

  private List<Object> list(int depth) {
    List<Object> list = new ArrayList<>();
    int n = random.nextInt(random.nextInt(10) == 0 ? 3000 : 6);
    for (int i = 0; i < n; i++) {
      list.add(random.nextInt(50) == 0 ? value(depth + 1) : text(3));
    }
    return list;
  }

  private Object cyclic() {
    if (random.nextBoolean()) {
      List<Object> self = new ArrayList<>();
      self.add(self);
      self.add(self);
      self.add(self);
      return self;
    }
    Map<String, Object> a = new LinkedHashMap<>();
    Map<String, Object> b = new LinkedHashMap<>();
    a.put("b", b);
    b.put("a", a);
    b.put("self", b);
    return a;
  }

  private Object shared() {
    Object level = List.of(text(3));
    for (int i = 0; i < 30; i++) {
      level = List.of(level, level, level);
    }
    return level;
  }

  private Object deep(int levels) {
    Object value = "bottom";
    for (int i = 0; i < levels; i++) {
      value = random.nextBoolean() ? Map.of("n", value) : List.of(value);
    }
    return value;
  }

  private Throwable throwable() {
    Throwable root = new IllegalStateException(text(pickInt(0, 30, 2000)));
    switch (random.nextInt(8)) {
      case 6:
        return new HostileThrowable(random.nextInt(4));
      case 7:
        {
          StackTraceElement[] frames = {
            null,
            new StackTraceElement("", "", null, -5),
            new StackTraceElement("a\nb", "\u0000", "f", 1)
          };
          return new RuntimeException(text(10)) {
            private static final long serialVersionUID = 1L;

            @Override
            public StackTraceElement[] getStackTrace() {
              return frames;
            }
          };
        }
      case 0:
        {
          Throwable t = root;
          for (int i = 0; i < 1000; i++) {
            t = new RuntimeException("level " + i, t);
          }
          return t;
        }
      case 1:
        {
          StackTraceElement[] frames = new StackTraceElement[10_000];
          for (int i = 0; i < frames.length; i++) {
            frames[i] = new StackTraceElement("com.example.C" + (i % 7), "m" + i, "C.java", i);
          }
          root.setStackTrace(frames);
          return root;
        }
      case 2:
        {
          RuntimeException a = new RuntimeException("a\n\u0000" + text(5));
          RuntimeException b = new RuntimeException("b", a);
          a.initCause(b);
          return b;
        }
      case 3:
        {
          RuntimeException a = new RuntimeException("a");
          RuntimeException b = new RuntimeException("b");
          a.addSuppressed(b);
          b.addSuppressed(a);
          return a;
        }
      case 4:
        return new ThrowingMessage();
      default:
        return new RuntimeException(text(20), root);
    }
  }

  /** Frames that stand for where a throwable was created, the same in every run. */
  private static final StackTraceElement[] FIXED_FRAMES = {
    new StackTraceElement("com.example.OrderService", "place", "OrderService.java", 42),
    new StackTraceElement("com.example.OrderController", "post", "OrderController.java", 17),
    new StackTraceElement("java.lang.reflect.Method", "invoke", "Method.java", 566),
    new StackTraceElement("java.lang.Thread", "run", "Thread.java", 833)
  };

  /**
   * Replaces, in {@code thrown} and every throwable reachable from it, a stack trace captured here
   * (which depends on the test runner and on line numbers) by {@link #FIXED_FRAMES}, so that the
   * same seed gives the same event in every run. Traces set or overridden on purpose are kept.
   */
  private static Throwable withFixedFrames(Throwable thrown) {
    Set<Throwable> done = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    java.util.ArrayDeque<Throwable> todo = new java.util.ArrayDeque<>();
    todo.add(thrown);
    while (!todo.isEmpty()) {
      Throwable t = todo.poll();
      if (!done.add(t)) {
        continue;
      }
      StackTraceElement[] frames;
      try {
        frames = t.getStackTrace();
      } catch (RuntimeException e) {
        frames = null; // a hostile getStackTrace(): it fails the same way in every run
      }
      if (frames != null
          && frames.length > 0
          && frames[0] != null
          && frames[0].getClassName().startsWith(RandomEvents.class.getName())) {
        t.setStackTrace(FIXED_FRAMES);
      }
      try {
        Throwable cause = t.getCause();
        if (cause != null) {
          todo.add(cause);
        }
      } catch (RuntimeException e) {
        // A hostile getCause(): nothing further down this way.
      }
      for (Throwable suppressed : t.getSuppressed()) {
        todo.add(suppressed);
      }
    }
    return thrown;
  }

  // ---------------------------------------------------------------------------------------------
  // Text

  /** Random text of up to {@code max} chars drawn from every part of the UTF-16 range. */
  String text(int max) {
    int n = max == 0 ? 0 : random.nextInt(max + 1);
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      switch (random.nextInt(10)) {
        case 0:
          b.append((char) random.nextInt(0x20));
          break;
        case 1:
          b.append((char) (0x7F + random.nextInt(0x21)));
          break;
        case 2:
          b.append((char) (0xD800 + random.nextInt(0x800)));
          break;
        case 3:
          b.appendCodePoint(0x10000 + random.nextInt(0x100000));
          break;
        case 4:
          b.append(pick('"', '\\', '/', '\u2028', '\u2029', '\uFEFF', '\uFFFF'));
          break;
        case 5:
          b.append((char) random.nextInt(0x10000));
          break;
        default:
          b.append((char) (0x20 + random.nextInt(0x5F)));
          break;
      }
    }
    return b.toString();
  }

  private String secret() {
    return SECRET + "-" + (secrets++);
  }

  static boolean isSecretKey(String key) {
    String lower = key.toLowerCase(java.util.Locale.ROOT);
    for (String fragment : FRAGMENTS) {
      if (lower.contains(fragment)) {
        return true;
      }
    }
    return false;
  }

  @SafeVarargs
  private <T> T pick(T... choices) {
    return choices[random.nextInt(choices.length)];
  }

  private int pickInt(int... choices) {
    return choices[random.nextInt(choices.length)];
  }

  // ---------------------------------------------------------------------------------------------
  // Hostile objects

  /** A value whose toString() throws. */
  static final class ThrowingToString {
    @Override
    public String toString() {
      throw new IllegalStateException("toString failed");
    }
  }

  static final class NullToString {
    @Override
    public String toString() {
      return null;
    }
  }

  static final class RecursiveToString {
    @Override
    public String toString() {
      return "again " + this;
    }
  }

  /** A throwable whose getMessage() throws. */
  static final class ThrowingMessage extends RuntimeException {
    private static final long serialVersionUID = 1L;

    @Override
    public String getMessage() {
      throw new UnsupportedOperationException("no message");
    }
  }

  /** A throwable whose accessors fail in one of four ways. */
  static final class HostileThrowable extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int mode;

    HostileThrowable(int mode) {
      super("hostile");
      this.mode = mode;
    }

    @Override
    public StackTraceElement[] getStackTrace() {
      if (mode == 0) {
        throw new IllegalStateException("no trace");
      }
      return mode == 1 ? null : super.getStackTrace();
    }

    @Override
    public synchronized Throwable getCause() {
      if (mode == 2) {
        throw new IllegalStateException("no cause");
      }
      return mode == 3 ? this : null;
    }

    @Override
    public String toString() {
      throw new IllegalStateException("no text");
    }
  }

  /** A message whose chars cannot be read. */
  static final class FailingText implements CharSequence {
    @Override
    public int length() {
      return 10;
    }

    @Override
    public char charAt(int index) {
      throw new IllegalStateException("charAt");
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      throw new IllegalStateException("subSequence");
    }

    @Override
    public String toString() {
      throw new IllegalStateException("toString");
    }
  }

  /**
   * A map that compares keys by identity, like {@link IdentityHashMap}, but iterates in insertion
   * order, so that equal keys that are different objects come out in the same order in every run.
   */
  static final class IdentityListMap<K, V> extends AbstractMap<K, V> {
    private final List<Map.Entry<K, V>> entries = new ArrayList<>();

    @Override
    public V put(K key, V value) {
      for (Map.Entry<K, V> entry : entries) {
        if (entry.getKey() == key) {
          return entry.setValue(value);
        }
      }
      entries.add(new java.util.AbstractMap.SimpleEntry<>(key, value));
      return null;
    }

    @Override
    public Set<Map.Entry<K, V>> entrySet() {
      return new java.util.AbstractSet<>() {
        @Override
        public java.util.Iterator<Map.Entry<K, V>> iterator() {
          return entries.iterator();
        }

        @Override
        public int size() {
          return entries.size();
        }
      };
    }
  }

  /** A map that fails while iterated. */
  static final class BrokenMap extends AbstractMap<String, Object> {
    @Override
    public Set<Entry<String, Object>> entrySet() {
      throw new IllegalStateException("broken map");
    }
  }

  /** A list whose size() is far larger than what get() can serve: get() throws past 3. */
  static final class LyingList extends AbstractList<Object> implements java.util.RandomAccess {
    @Override
    public Object get(int index) {
      if (index > 2) {
        throw new IndexOutOfBoundsException(index);
      }
      return index;
    }

    @Override
    public int size() {
      return 1_000_000;
    }
  }
}
