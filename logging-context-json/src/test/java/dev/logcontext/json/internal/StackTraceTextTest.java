package dev.logcontext.json.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stack trace as one JSON string: the text each configuration renders for frames whose names
 * need escaping or are not ASCII, and at every limit and wherever the buffer's capacity ends, the
 * same bytes and char count as {@link JsonBuffer#writeString} of that whole text.
 */
class StackTraceTextTest {

  private static StackTraceElement frame(String cls, String method, String file, int line) {
    return new StackTraceElement(cls, method, file, line);
  }

  private static final StackTraceElement[] COMMON = {
    frame("com.example.very.long.pkg.Plain", "plain", "Plain.java", 1234567),
    frame("java.lang.Thread", "run", "Thread.java", 833)
  };

  private static StackTraceElement[] withCommon(StackTraceElement... own) {
    StackTraceElement[] trace = new StackTraceElement[own.length + COMMON.length];
    System.arraycopy(own, 0, trace, 0, own.length);
    System.arraycopy(COMMON, 0, trace, own.length, COMMON.length);
    return trace;
  }

  /** Frames with quotes, backslashes, control chars, non-ASCII, lone surrogates, odd names. */
  private static Throwable hostile() {
    RuntimeException top = new RuntimeException("bad \"input\"\n\tline2 \u00e9");
    top.setStackTrace(
        withCommon(
            frame(
                "com.ex\u00e4mple.\u00dcn\u00efcode", "m\u00e9thod", "\u00dcn\u00efcode.java", 12),
            frame("a.b.C", "quote\"back\\slash", "tab\tfile\u0001.java", 0),
            frame("org.\ud83d\ude00.Emoji", "run\ud83d", "\ude00F.java", Integer.MAX_VALUE),
            frame("x.Y", "sep\u2028arator", "Y.java", -1),
            frame("NoPackage", "", "", 5),
            frame("z.Native", "call", "Native.java", -2),
            frame("z.Unknown", "call", null, 77),
            frame("\ud83d\ude00pkg..sub.Cls", "m", "Cls.java", 1),
            frame("trailing.dot.", "m", "T.java", 2)));
    IllegalStateException cause = new IllegalStateException("caus\u00e9");
    cause.setStackTrace(
        withCommon(frame("org.example.db.Repository", "load", "Repository.java", 9)));
    IllegalArgumentException suppressed = new IllegalArgumentException();
    suppressed.setStackTrace(withCommon(frame("org.example.db.Closer", "close", "Closer.java", 3)));
    cause.addSuppressed(suppressed);
    top.initCause(cause);
    return top;
  }

  /** Only plain ASCII, as most traces are. */
  private static Throwable plain() {
    RuntimeException top = new RuntimeException("payment service unavailable");
    top.setStackTrace(
        withCommon(
            frame("com.example.payment.PaymentClient", "charge", "PaymentClient.java", 88),
            frame("jdk.internal.reflect.GeneratedMethodAccessor42", "invoke", null, -1),
            frame("java.lang.reflect.Method", "invoke", "Method.java", 568)));
    return top;
  }

  private static final String HOSTILE_DEFAULT =
      "java.lang.RuntimeException: bad \"input\"\n"
          + "\tline2 \u00e9\n"
          + "\tat com.ex\u00e4mple.\u00dcn\u00efcode.m\u00e9thod(\u00dcn\u00efcode.java:12)\n"
          + "\tat a.b.C.quote\"back\\slash(tab\tfile\u0001.java:0)\n"
          + "\tat org.\ud83d\ude00.Emoji.run\ud83d(\ude00F.java:2147483647)\n"
          + "\tat x.Y.sep\u2028arator(Y.java)\n"
          + "\tat NoPackage.(:5)\n"
          + "\tat z.Native.call(Native Method)\n"
          + "\tat z.Unknown.call(Unknown Source)\n"
          + "\tat \ud83d\ude00pkg..sub.Cls.m(Cls.java:1)\n"
          + "\tat trailing.dot..m(T.java:2)\n"
          + "\tat com.example.very.long.pkg.Plain.plain(Plain.java:1234567)\n"
          + "\tat java.lang.Thread.run(Thread.java:833)\n"
          + "Caused by: java.lang.IllegalStateException: caus\u00e9\n"
          + "\tat org.example.db.Repository.load(Repository.java:9)\n"
          + "\t... 2 more\n"
          + "\tSuppressed: java.lang.IllegalArgumentException\n"
          + "\t\tat org.example.db.Closer.close(Closer.java:3)\n"
          + "\t\t... 2 more\n";

  private static final String HOSTILE_SHORTENED =
      "j.l.RuntimeException: bad \"input\"\n"
          + "\tline2 \u00e9\n"
          + "\tat c.e.\u00dcn\u00efcode.m\u00e9thod(\u00dcn\u00efcode.java:12)\n"
          + "\tat a.b.C.quote\"back\\slash(tab\tfile\u0001.java:0)\n"
          + "\tat org.\ud83d\ude00.Emoji.run\ud83d(\ude00F.java:2147483647)\n"
          + "\tat x.Y.sep\u2028arator(Y.java)\n"
          + "\tat NoPackage.(:5)\n"
          + "\tat z.Native.call(Native Method)\n"
          + "\tat z.Unknown.call(Unknown Source)\n"
          + "\tat \ud83d..sub.Cls.m(Cls.java:1)\n"
          + "\tat t.dot..m(T.java:2)\n"
          + "\tat c.e.v.l.p.Plain.plain(Plain.java:1234567)\n"
          + "\tat j.l.Thread.run(Thread.java:833)\n"
          + "Caused by: j.l.IllegalStateException: caus\u00e9\n"
          + "\tat o.e.d.Repository.load(Repository.java:9)\n"
          + "\t... 2 more\n"
          + "\tSuppressed: j.l.IllegalArgumentException\n"
          + "\t\tat o.e.d.Closer.close(Closer.java:3)\n"
          + "\t\t... 2 more\n";

  private static final String HOSTILE_EXCLUDED_DEPTH_3 =
      "java.lang.RuntimeException: bad \"input\"\n"
          + "\tline2 \u00e9\n"
          + "\tat com.ex\u00e4mple.\u00dcn\u00efcode.m\u00e9thod(\u00dcn\u00efcode.java:12)\n"
          + "\t... 1 frames excluded\n"
          + "\tat org.\ud83d\ude00.Emoji.run\ud83d(\ude00F.java:2147483647)\n"
          + "\tat x.Y.sep\u2028arator(Y.java)\n"
          + "\t... 7 frames truncated\n"
          + "Caused by: java.lang.IllegalStateException: caus\u00e9\n"
          + "\tat org.example.db.Repository.load(Repository.java:9)\n"
          + "\t... 2 more\n"
          + "\tSuppressed: java.lang.IllegalArgumentException\n"
          + "\t\t... 1 frames excluded\n"
          + "\t\t... 2 more\n";

  private static final String HOSTILE_ROOT_FIRST =
      "j.l.IllegalStateException: caus\u00e9\n"
          + "\tat o.e.d.Repository.load(Repository.java:9)\n"
          + "\tat c.e.v.l.p.Plain.plain(Plain.java:1234567)\n"
          + "\t... 1 frames truncated\n"
          + "\tSuppressed: j.l.IllegalArgumentException\n"
          + "\t\tat o.e.db.Closer.close(Closer.java:3)\n"
          + "\t\t... 2 more\n"
          + "Wrapped by: j.l.RuntimeException: bad \"input\"\n"
          + "\tline2 \u00e9\n"
          + "\tat c.e.\u00dcn\u00efcode.m\u00e9thod(\u00dcn\u00efcode.java:12)\n"
          + "\tat a.b.C.quote\"back\\slash(tab\tfile\u0001.java:0)\n"
          + "\t... 1 frames excluded\n"
          + "\t... 6 frames truncated\n"
          + "\t... 2 common frames omitted\n";

  private static final String PLAIN_DEFAULT =
      "java.lang.RuntimeException: payment service unavailable\n"
          + "\tat com.example.payment.PaymentClient.charge(PaymentClient.java:88)\n"
          + "\tat jdk.internal.reflect.GeneratedMethodAccessor42.invoke(Unknown Source)\n"
          + "\tat java.lang.reflect.Method.invoke(Method.java:568)\n"
          + "\tat com.example.very.long.pkg.Plain.plain(Plain.java:1234567)\n"
          + "\tat java.lang.Thread.run(Thread.java:833)\n";

  private static final String PLAIN_SHORTENED =
      "j.l.RuntimeException: payment service unavailable\n"
          + "\tat c.e.p.PaymentClient.charge(PaymentClient.java:88)\n"
          + "\tat j.i.r.GeneratedMethodAccessor42.invoke(Unknown Source)\n"
          + "\tat j.l.r.Method.invoke(Method.java:568)\n"
          + "\tat c.e.v.l.p.Plain.plain(Plain.java:1234567)\n"
          + "\tat j.l.Thread.run(Thread.java:833)\n";

  /** A class deeper than the room first kept for the parts of a shortened name. */
  private static Throwable deep() {
    RuntimeException top = new RuntimeException("deep");
    StringBuilder cls = new StringBuilder();
    for (char c = 'a'; c <= 'z'; c++) {
      cls.append(c).append(c).append('.');
    }
    top.setStackTrace(
        new StackTraceElement[] {
          frame(cls + "Cls", "m", "Cls.java", 1), frame(cls + "\u00c9", "m", "\u00c9.java", 2)
        });
    return top;
  }

  private static final String DEEP_SHORTENED =
      "j.l.RuntimeException: deep\n"
          + "\tat a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.Cls.m(Cls.java:1)\n"
          + "\tat a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.\u00c9.m(\u00c9.java:2)\n";

  /** A configuration, a throwable and the whole text it renders. */
  private static final class Case {
    final String name;
    final StackTraces traces;
    final Throwable thrown;
    final String text;

    Case(String name, StackTraces traces, Throwable thrown, String text) {
      this.name = name;
      this.traces = traces;
      this.thrown = thrown;
      this.text = text;
    }
  }

  private static List<Case> cases() {
    StackTraces defaults = new StackTraces(0, 0, List.of(), false);
    StackTraces shortened = new StackTraces(0, 12, List.of(), false);
    return List.of(
        new Case("hostile default", defaults, hostile(), HOSTILE_DEFAULT),
        new Case("hostile shortened", shortened, hostile(), HOSTILE_SHORTENED),
        new Case(
            "hostile excluded, depth 3",
            new StackTraces(
                3,
                0,
                List.of("^a\\.b\\.", "Native\\.call$", "^org\\.example\\.db\\.Closer"),
                false),
            hostile(),
            HOSTILE_EXCLUDED_DEPTH_3),
        new Case(
            "hostile root cause first",
            new StackTraces(2, 15, List.of("Emoji"), true),
            hostile(),
            HOSTILE_ROOT_FIRST),
        new Case("plain default", defaults, plain(), PLAIN_DEFAULT),
        new Case("plain shortened", shortened, plain(), PLAIN_SHORTENED),
        new Case("deep shortened", shortened, deep(), DEEP_SHORTENED));
  }

  /**
   * Renders {@code c} after {@code padding} bytes already in the buffer; returns the bytes of the
   * JSON string as ISO-8859-1 (one char per byte) and checks the counted chars.
   */
  private static String rendered(Case c, int maxChars, int padding) {
    JsonBuffer out = new JsonBuffer();
    for (int i = 0; i < padding; i++) {
      out.writeByte('x');
    }
    Encoding enc = new Encoding(c.traces.newMatchers());
    enc.stack.start(out, maxChars);
    c.traces.render(c.thrown, enc);
    assertThat(enc.stack.length()).as("%s: chars counted", c.name).isEqualTo(c.text.length());
    enc.stack.finish();
    return new String(out.array(), padding, out.length() - padding, StandardCharsets.ISO_8859_1);
  }

  /** The text written whole by {@link JsonBuffer#writeString}, as ISO-8859-1. */
  private static String written(String text, int maxChars) {
    JsonBuffer out = new JsonBuffer();
    out.writeString(text, maxChars);
    return new String(out.array(), 0, out.length(), StandardCharsets.ISO_8859_1);
  }

  @Test
  void eachConfigurationRendersItsText() {
    for (Case c : cases()) {
      assertThat(rendered(c, Integer.MAX_VALUE, 0))
          .as(c.name)
          .isEqualTo(written(c.text, Integer.MAX_VALUE));
    }
  }

  @Test
  void everyLimitCutsLikeWriteStringOfTheWholeText() {
    for (Case c : cases()) {
      for (int max = 0; max <= c.text.length() + 2; max++) {
        assertThat(rendered(c, max, 0))
            .as("%s, max %d", c.name, max)
            .isEqualTo(written(c.text, max));
      }
    }
  }

  @Test
  void everyBufferAlignmentGivesTheSameBytes() {
    for (Case c : cases()) {
      String whole = written(c.text, Integer.MAX_VALUE);
      int[] limits = {Integer.MAX_VALUE, c.text.length() / 2, c.text.length() - 1};
      for (int padding = 0; padding <= 1100; padding++) {
        assertThat(rendered(c, Integer.MAX_VALUE, padding))
            .as("%s, padding %d", c.name, padding)
            .isEqualTo(whole);
        for (int max : limits) {
          assertThat(rendered(c, max, padding))
              .as("%s, padding %d, max %d", c.name, padding, max)
              .isEqualTo(written(c.text, max));
        }
      }
    }
  }

  @Test
  void anEncodingUsedAgainWritesTheSameBytes() {
    assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
    assertThat("@A".hashCode()).isEqualTo("A\"".hashCode());
    RuntimeException t = new RuntimeException("again");
    t.setStackTrace(
        new StackTraceElement[] {
          frame("c.D", "Aa", "D.java", 1),
          frame("c.D", "BB", "D.java", 2),
          frame("c.D", "@A", "D.java", 3),
          frame("c.D", "A\"", "D.java", 4),
          frame("c.D", new String("Aa".toCharArray()), "D.java", 5),
          frame("c.D", "BB", "D.java", 6),
          frame("c.D", "@A", "D.java", 7),
          frame("c.D", "A\"", "D.java", 8),
          frame("c.D", "m\u00e9thod", "D.java", 9),
          frame("c.D", "m\u00e9thod", "D.java", 10)
        });
    String text =
        "java.lang.RuntimeException: again\n"
            + "\tat c.D.Aa(D.java:1)\n"
            + "\tat c.D.BB(D.java:2)\n"
            + "\tat c.D.@A(D.java:3)\n"
            + "\tat c.D.A\"(D.java:4)\n"
            + "\tat c.D.Aa(D.java:5)\n"
            + "\tat c.D.BB(D.java:6)\n"
            + "\tat c.D.@A(D.java:7)\n"
            + "\tat c.D.A\"(D.java:8)\n"
            + "\tat c.D.m\u00e9thod(D.java:9)\n"
            + "\tat c.D.m\u00e9thod(D.java:10)\n";
    String excludedText =
        "java.lang.RuntimeException: again\n"
            + "\t... 1 frames excluded\n"
            + "\tat c.D.BB(D.java:2)\n"
            + "\tat c.D.@A(D.java:3)\n"
            + "\t... 2 frames excluded\n"
            + "\tat c.D.BB(D.java:6)\n"
            + "\tat c.D.@A(D.java:7)\n"
            + "\t... 1 frames excluded\n"
            + "\tat c.D.m\u00e9thod(D.java:9)\n"
            + "\tat c.D.m\u00e9thod(D.java:10)\n";
    List<Case> all = new ArrayList<>(cases());
    all.add(new Case("same hashes", new StackTraces(0, 0, List.of(), false), t, text));
    all.add(
        new Case(
            "same hashes, excluded",
            new StackTraces(0, 0, List.of("\\.Aa$", "A\""), false),
            t,
            excludedText));
    for (Case c : all) {
      Encoding enc = new Encoding(c.traces.newMatchers());
      for (int round = 0; round < 3; round++) {
        for (int max : new int[] {Integer.MAX_VALUE, c.text.length() / 2}) {
          JsonBuffer out = new JsonBuffer();
          enc.stack.start(out, max);
          c.traces.render(c.thrown, enc);
          enc.stack.finish();
          assertThat(new String(out.array(), 0, out.length(), StandardCharsets.ISO_8859_1))
              .as("%s, round %d, max %d", c.name, round, max)
              .isEqualTo(written(c.text, max));
        }
      }
    }
  }

  @Test
  void framesPastTheHardLimitAreOnlyCounted() {
    String message = "m".repeat(StackTraces.HARD_LIMIT_CHARS);
    RuntimeException top = new RuntimeException(message, new IllegalStateException("cause"));
    top.setStackTrace(COMMON);
    String text = "java.lang.RuntimeException: " + message + "\n\t... 2 frames truncated\n";
    Case c = new Case("hard limit", new StackTraces(0, 0, List.of(), false), top, text);
    for (int max : new int[] {0, 50, Integer.MAX_VALUE}) {
      assertThat(rendered(c, max, 0)).as("max %d", max).isEqualTo(written(text, max));
    }
  }
}
