package dev.logcontext.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.helpers.MessageFormatter;

/**
 * The message formatted straight into the JSON buffer ({@link Slf4jMessages}) against SLF4J's
 * {@code MessageFormatter} and Logback's {@code getFormattedMessage()}: for every pattern and
 * argument list below, the line written from a fresh event (formatted in the buffer) must be
 * byte-for-byte the line written from the same event once its formatted message is computed (the
 * {@code String} path), at the default string limit and at limits that cut the message anywhere.
 */
class MessageFormattingTest {
  private static final String[] PATTERNS = {
    "",
    "plain text, no placeholder",
    "{}",
    "{}{}",
    "{}{}{}{}",
    "a{}b",
    "Order {} placed for {}",
    "{} at start",
    "at end {}",
    "{",
    "}",
    "{ }",
    "}{",
    "{{}}",
    "{{}",
    "{}}",
    "\\{}",
    "\\\\{}",
    "\\\\\\{}",
    "\\{}{}",
    "{}\\{}",
    "\\{}\\{}{}",
    "a\\\\{}b\\{}c{}",
    "trailing backslash \\",
    "\\",
    "\\\\",
    "x {} y {} z {}",
    "quote \" backslash \\ tab \t newline \n cr \r nul \0 {}",
    "control \u0001\u001f {} \u007f",
    "caf\u00e9 {} \u00fc\u00f1\u00ee",
    "\u2028line sep {} para sep\u2029",
    "emoji \uD83D\uDE00 {} \uD83C\uDF89",
    "split pair \uD83D{}\uDE00",
    "lone high \uD83D",
    "lone low \uDE00 {}",
    "{}\uD83D",
    "\uDE00{}",
    "{}{}{}{}{}{}{}{}{}{}{}{}",
    "long " + "x".repeat(300) + " {} " + "y".repeat(300),
  };

  private LoggerContext context;
  private Logger logger;

  @BeforeEach
  void startLogback() {
    context = new LoggerContext();
    context.setName("formatting");
    context.start();
    logger = context.getLogger("com.example.OrderService");
  }

  @AfterEach
  void stopLogback() {
    context.stop();
  }

  /** Arguments of every kind, hostile ones included. */
  private static List<Object[]> argumentLists() {
    Object[] self = new Object[2];
    self[0] = "me";
    self[1] = self;
    Object[] inner = {"i", 1};
    Object[] siblings = {inner, inner};
    Object nullString =
        new Object() {
          @Override
          public String toString() {
            return null;
          }
        };
    Object surrogates =
        new Object() {
          @Override
          public String toString() {
            return "\uDE00tail high\uD83D";
          }
        };
    Object escapes =
        new Object() {
          @Override
          public String toString() {
            return "\"{}\\{}\\\\{}\n";
          }
        };
    List<Object[]> lists = new ArrayList<>();
    lists.add(new Object[0]);
    lists.add(new Object[] {"o-1001"});
    lists.add(new Object[] {"o-1001", "alice"});
    lists.add(new Object[] {"o-1001", "alice", "extra", "more"});
    lists.add(new Object[] {null});
    lists.add(new Object[] {null, null, null});
    lists.add(new Object[] {42, 42L, 1.5, 2.5f, true, 'c', (byte) 7, (short) -3});
    lists.add(new Object[] {Long.MIN_VALUE, Double.NaN, Float.NEGATIVE_INFINITY, -0.0});
    lists.add(new Object[] {new int[] {1, 2, 3}, new long[0], new boolean[] {true, false}});
    lists.add(new Object[] {new byte[] {-1, 0, 1}, new short[] {5}, new char[] {'a', '"', '\n'}});
    lists.add(new Object[] {new float[] {1.0f, 0.1f}, new double[] {1e300, -1e-300}});
    lists.add(new Object[] {new String[] {"a", null, "b"}, new Object[] {new int[] {1}, null}});
    lists.add(new Object[] {self, siblings, new Object[0], new Object[] {new Object[] {}}});
    lists.add(new Object[] {nullString, surrogates, escapes});
    lists.add(new Object[] {"\uD83D", "\uDE00", "\uD83D\uDE00"});
    lists.add(new Object[] {"x".repeat(1000), "\u00e9".repeat(100)});
    lists.add(new Object[] {"o-1001", new IllegalStateException("last")});
    lists.add(new Object[] {new IllegalStateException("first"), new IllegalStateException("last")});
    lists.add(new Object[] {new IllegalStateException("only")});
    lists.add(new Object[] {List.of(1, 2), java.util.Map.of("k", "v"), Level.INFO});
    return lists;
  }

  private LoggingEvent event(String pattern, Object[] args, Throwable thrown) {
    LoggingEvent event =
        new LoggingEvent(Logger.class.getName(), logger, Level.INFO, pattern, thrown, args);
    event.setThreadName("main");
    event.setInstant(Instant.ofEpochMilli(1767225600123L));
    return event;
  }

  private static String expectedMessage(String pattern, Object[] args, boolean eventThrowable) {
    return eventThrowable
        ? MessageFormatter.arrayFormat(pattern, args, null).getMessage()
        : MessageFormatter.arrayFormat(pattern, args).getMessage();
  }

  private LogContextJsonEncoder encoder(int maxStringLength) {
    LogContextJsonEncoder encoder = new LogContextJsonEncoder();
    encoder.setContext(context);
    encoder.setExcludeFields("stack_trace");
    if (maxStringLength > 0) {
      encoder.setMaxStringLength(maxStringLength);
    }
    encoder.start();
    return encoder;
  }

  private void checkAll(LogContextJsonEncoder encoder) {
    int checked = 0;
    for (String pattern : PATTERNS) {
      for (Object[] args : argumentLists()) {
        for (Throwable thrown : new Throwable[] {null, new IllegalArgumentException("event")}) {
          LoggingEvent direct = event(pattern, args.clone(), thrown);
          LoggingEvent viaString = event(pattern, args.clone(), thrown);
          // The String path: the formatted message is computed first, so the view declines.
          String message = viaString.getFormattedMessage();
          assertThat(message)
              .as("Logback's formatted message")
              .isEqualTo(
                  expectedMessage(
                      pattern,
                      viaString.getArgumentArray(),
                      viaString.getThrowableProxy() != null));
          String expected = line(encoder, viaString);
          String actual = line(encoder, direct);
          assertThat(actual)
              .as(
                  "pattern %s, args %s, event throwable %s",
                  pattern, Arrays.deepToString(args), thrown)
              .isEqualTo(expected);
          // The same text reaches the event if something asks later.
          assertThat(direct.getFormattedMessage()).isEqualTo(message);
          checked++;
        }
      }
    }
    assertThat(checked).isEqualTo(PATTERNS.length * argumentLists().size() * 2);
  }

  private static String line(LogContextJsonEncoder encoder, LoggingEvent event) {
    return new String(encoder.encode(event), StandardCharsets.UTF_8);
  }

  @Test
  void writesWhatTheStringPathWritesAtTheDefaultLimit() {
    assertThat(Slf4jMessages.available()).isTrue();
    checkAll(encoder(0));
  }

  @Test
  void writesWhatTheStringPathWritesWhereverTheLimitCuts() {
    for (int limit : new int[] {1, 2, 3, 5, 8, 13, 14, 15, 16, 17, 21, 34, 55, 89, 400, 700}) {
      checkAll(encoder(limit));
    }
  }

  @Test
  void formatsLikeMessageFormatterForRandomPatterns() {
    Random random = new Random(20261201L);
    String[] pieces = {
      "{}", "{", "}", "\\", "\\\\", "a", " ", "\uD83D", "\uDE00", "\u00e9", "\"", "\n", "x{}y"
    };
    Object[] pool = {"s", null, 7, new int[] {1}, new Object[] {"n"}, "\uD83D", "\uDE00", ""};
    for (int round = 0; round < 20_000; round++) {
      StringBuilder pattern = new StringBuilder();
      int length = random.nextInt(12);
      for (int k = 0; k < length; k++) {
        pattern.append(pieces[random.nextInt(pieces.length)]);
      }
      Object[] args = new Object[random.nextInt(5)];
      for (int k = 0; k < args.length; k++) {
        args[k] = pool[random.nextInt(pool.length)];
      }
      StringBuilder out = new StringBuilder();
      String p = pattern.toString();
      assertThat(formatInto(out, p, args)).isTrue();
      assertThat(out.toString())
          .as("pattern %s, args %s", p, Arrays.deepToString(args))
          .isEqualTo(MessageFormatter.arrayFormat(p, args, null).getMessage());
    }
  }

  private static boolean formatInto(StringBuilder out, String pattern, Object[] args) {
    try {
      return Slf4jMessages.format(pattern, args, args.length, out);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void formatsEachArgumentOnceAndLeavesTheEventUnformatted() {
    AtomicInteger calls = new AtomicInteger();
    Object counting =
        new Object() {
          @Override
          public String toString() {
            return "call " + calls.incrementAndGet();
          }
        };
    LogContextJsonEncoder encoder = encoder(0);
    LoggingEvent event = event("value {}", new Object[] {counting}, null);
    assertThat(line(encoder, event)).contains("\"message\":\"value call 1\"");
    assertThat(calls).hasValue(1);
    // Logback formats its own String only when asked, from the same arguments.
    assertThat(event.getFormattedMessage()).isEqualTo("value call 2");
    // Once it is computed, the line uses it: the arguments are not formatted again.
    assertThat(line(encoder, event)).contains("\"message\":\"value call 2\"");
    assertThat(calls).hasValue(2);
  }

  @Test
  void anEventFrozenForDeferredProcessingKeepsItsMessage() {
    StringBuilder mutable = new StringBuilder("before");
    LogContextJsonEncoder encoder = encoder(0);
    LoggingEvent event = event("state {}", new Object[] {mutable}, null);
    event.prepareForDeferredProcessing();
    mutable.setLength(0);
    mutable.append("after");
    assertThat(line(encoder, event)).contains("\"message\":\"state before\"");
  }

  @Test
  void aFailingToStringIsWrittenAsSlf4jWritesIt() {
    AtomicInteger calls = new AtomicInteger();
    Object failing =
        new Object() {
          @Override
          public String toString() {
            calls.incrementAndGet();
            throw new IllegalStateException("no text");
          }
        };
    LogContextJsonEncoder encoder = encoder(0);
    String written = line(encoder, event("a {} b {}", new Object[] {"x", failing}, null));
    assertThat(written).contains("\"message\":\"a x b [FAILED toString()]\"");
    assertThat(encoder.failureCount()).isZero();
  }

  @Test
  void underAnEventCapTheMessageComesFromTheEventOnce() {
    AtomicInteger calls = new AtomicInteger();
    Object counting =
        new Object() {
          @Override
          public String toString() {
            return "call " + calls.incrementAndGet() + " " + "z".repeat(2000);
          }
        };
    LogContextJsonEncoder encoder = new LogContextJsonEncoder();
    encoder.setContext(context);
    encoder.setMaxEventBytes(1024);
    encoder.start();
    String written = line(encoder, event("big {}", new Object[] {counting}, null));
    assertThat(written).contains("call 1 zzz");
    assertThat(written.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(1024);
    assertThat(calls).hasValue(1);
  }
}
