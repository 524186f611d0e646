package dev.logcontext.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logcontext.Snapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The writer's output, byte for byte, against a corpus of lines recorded once: thousands of seeded
 * {@link RandomEvents} under random formats, plus the {@link TestEvent} fixtures under every preset
 * and a few options. A change to the writer's internals must leave every line as it was; a change
 * of the format on purpose re-records the corpus ({@code -Dlogcontext.corpus.record=<dir>} writes
 * {@code lines.gz} there instead of comparing) and says so in its commit.
 *
 * <p>The seeds are fixed here and in {@code corpus/README.md}: {@link #SEEDS} seeds from {@link
 * #FIRST_SEED}, each giving one format and {@link #EVENTS_PER_SEED} events. A line longer than
 * {@link #VERBATIM_LIMIT} bytes (10,000-frame traces, 3,000-element lists) is stored as {@code
 * #sha256 <hex> <length>} to keep the corpus small; every other line is stored as written.
 */
class RecordedCorpusTest {
  static final long FIRST_SEED = 20270101L;
  static final int SEEDS = 300;
  static final int EVENTS_PER_SEED = 10;
  static final int VERBATIM_LIMIT = 16 * 1024;
  private static final String CORPUS = "/corpus/lines.gz";

  @Test
  void everyLineIsByteForByteTheRecordedOne() throws IOException {
    List<byte[]> lines = stored(encodeCorpus());
    String record = System.getProperty("logcontext.corpus.record");
    if (record != null && !record.isEmpty()) {
      write(Path.of(record).resolve("lines.gz"), lines);
      return;
    }
    List<byte[]> recorded = read();
    assertThat(lines).as("number of lines").hasSize(recorded.size());
    for (int i = 0; i < lines.size(); i++) {
      byte[] actual = lines.get(i);
      byte[] expected = recorded.get(i);
      if (!Arrays.equals(actual, expected)) {
        assertThat(new String(actual, StandardCharsets.UTF_8))
            .as("line %d (%s) differs from the recorded corpus", i, origin(i))
            .isEqualTo(new String(expected, StandardCharsets.UTF_8));
        assertThat(actual).as("line %d (%s), bytes", i, origin(i)).isEqualTo(expected);
      }
    }
  }

  /** Names where line {@code index} comes from, to replay it. */
  private static String origin(int index) {
    int random = SEEDS * EVENTS_PER_SEED;
    if (index < random) {
      return "seed "
          + (FIRST_SEED + index / EVENTS_PER_SEED)
          + ", event "
          + index % EVENTS_PER_SEED;
    }
    return "fixture line " + (index - random);
  }

  /** Returns the lines as stored: long ones replaced by their digest and length. */
  private static List<byte[]> stored(List<byte[]> lines) {
    List<byte[]> stored = new ArrayList<>(lines.size());
    for (byte[] line : lines) {
      if (line.length <= VERBATIM_LIMIT) {
        stored.add(line);
      } else {
        String digest = HexFormat.of().formatHex(sha256(line));
        stored.add(
            ("#sha256 " + digest + " " + line.length + "\n").getBytes(StandardCharsets.US_ASCII));
      }
    }
    return stored;
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<byte[]> encodeCorpus() {
    List<byte[]> lines = new ArrayList<>();
    for (int s = 0; s < SEEDS; s++) {
      RandomEvents random = new RandomEvents(FIRST_SEED + s);
      JsonEventWriter writer = JsonEventWriter.create(random.format());
      for (int i = 0; i < EVENTS_PER_SEED; i++) {
        lines.add(writer.encode(random.event()));
      }
    }
    for (JsonFormat format : fixtureFormats()) {
      JsonEventWriter writer = JsonEventWriter.create(format);
      for (TestEvent event : fixtureEvents()) {
        lines.add(writer.encode(event));
      }
    }
    return lines;
  }

  private static List<JsonFormat> fixtureFormats() {
    return List.of(
        JsonFormat.defaults(),
        JsonFormat.builder().preset("ecs").build(),
        JsonFormat.builder().includeFields("level_value,error_type,error_message").build(),
        JsonFormat.builder().preset("ecs").nestContextUnder("ctx").build(),
        JsonFormat.builder()
            .staticFields("service=orders,env=prod")
            .fieldNames("logger=logger,thread=thread,message=msg")
            .excludeFields("tags")
            .build(),
        JsonFormat.builder()
            .includeKeys(List.of("request_id", "user_id", "message"))
            .excludeKeys(List.of("user_id"))
            .collisionPrefix("x_")
            .build(),
        JsonFormat.builder().maxStringLength(5).maxEventBytes(1024).build(),
        JsonFormat.builder().preset("ecs").maxEventBytes(1024).maxStackTraceLength(300).build(),
        JsonFormat.builder()
            .shortenedClassNameLength(10)
            .maxStackDepthPerThrowable(2)
            .addFrameExclusion("^java\\.")
            .rootCauseFirst(true)
            .build());
  }

  private static List<TestEvent> fixtureEvents() {
    Snapshot five =
        Snapshot.empty()
            .with("request_id", "r-1")
            .with("correlation_id", "c-1")
            .with("user_id", 42L)
            .with("tenant", "acme")
            .with("session", "s-9");
    RuntimeException cause = new IllegalArgumentException("bad input");
    cause.setStackTrace(
        new StackTraceElement[] {
          new StackTraceElement("com.example.Parser", "parse", "Parser.java", 10),
          new StackTraceElement("java.lang.Thread", "run", "Thread.java", 833)
        });
    RuntimeException thrown = new IllegalStateException("order failed", cause);
    thrown.setStackTrace(
        new StackTraceElement[] {
          new StackTraceElement("com.example.OrderService", "place", "OrderService.java", 42),
          new StackTraceElement("java.lang.reflect.Method", "invoke", "Method.java", 566),
          new StackTraceElement("java.lang.Thread", "run", "Thread.java", 833)
        });
    return List.of(
        TestEvent.event(),
        TestEvent.event().context(five),
        TestEvent.event()
            .context(five)
            .with("message", "taken")
            .with("password", "hunter2")
            .mdc(Map.of("mdc_only", "m"))
            .kv("user_id", 7)
            .kv("amount", new java.math.BigDecimal("12.50"))
            .kv("tags", List.of("a", "b"))
            .marker("AUDIT")
            .marker("SECURITY"),
        TestEvent.event().level("ERROR").context(five).thrown(thrown),
        TestEvent.event().message("x".repeat(5000)).thread("t".repeat(100)).thrown(thrown),
        TestEvent.event().message(new StringBuilder("from a builder \u2028 \"quoted\"")),
        TestEvent.event().message(new RandomEvents.FailingText()).context(five));
  }

  private static List<byte[]> read() throws IOException {
    List<byte[]> lines = new ArrayList<>();
    try (InputStream raw = RecordedCorpusTest.class.getResourceAsStream(CORPUS)) {
      assertThat(raw).as("recorded corpus %s on the test class path", CORPUS).isNotNull();
      byte[] all = new GZIPInputStream(raw).readAllBytes();
      int start = 0;
      for (int i = 0; i < all.length; i++) {
        if (all[i] == '\n') {
          lines.add(Arrays.copyOfRange(all, start, i + 1));
          start = i + 1;
        }
      }
      assertThat(start).as("corpus ends with a complete line").isEqualTo(all.length);
    }
    return lines;
  }

  private static void write(Path file, List<byte[]> lines) throws IOException {
    Files.createDirectories(file.getParent());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (byte[] line : lines) {
      bytes.write(line);
    }
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      bytes.writeTo(out);
    }
  }
}
