import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Writes a JSON log file for the logctx benchmark: two services' lines, the layout of the
 * logstash-style encoder, many requests interleaved, about 390 bytes a line.
 *
 * <p>Run with a JDK, no build needed: {@code java GenerateLogs.java OUT.json SIZE_MB}. The traced
 * correlation id {@value #TRACED} occurs in 12 requests' worth of lines spread over the file; the
 * same id also occurs as the prefix of another id and inside messages, where it must not match.
 */
public final class GenerateLogs {
  static final String TRACED = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: java GenerateLogs.java OUT.json SIZE_MB");
      System.exit(2);
    }
    Path out = Path.of(args[0]);
    long target = Long.parseLong(args[1]) * 1024 * 1024;
    SplittableRandom random = new SplittableRandom(42);
    String[] services = {"gateway", "inventory"};
    String[] loggers = {
      "com.example.gateway.OrderController", "com.example.inventory.StockService",
      "com.example.gateway.PricingClient", "org.eclipse.jetty.server.Server"
    };
    String[] messages = {
      "request received", "Order {} placed for {}", "stock reserved", "price computed",
      "calling inventory", "response sent", "cache miss for sku", "retrying after timeout"
    };
    long written = 0;
    long line = 0;
    long millis = Instant.parse("2025-06-01T08:00:00Z").toEpochMilli();
    int tracedEvery = 0;
    String[] open = new String[64]; // correlation ids of requests in flight
    for (int i = 0; i < open.length; i++) {
      open[i] = uuid(random, millis);
    }
    StringBuilder sb = new StringBuilder(512);
    try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20)) {
      while (written < target) {
        int slot = random.nextInt(open.length);
        if (random.nextInt(10) == 0) {
          open[slot] = uuid(random, millis);
        }
        String correlation = open[slot];
        String message = messages[random.nextInt(messages.length)];
        // 12 bursts of the traced request, evenly over the file; decoys everywhere else.
        long segment = target / 12;
        if (written / segment >= tracedEvery && tracedEvery < 12) {
          tracedEvery++;
          for (int k = 0; k < 4; k++) {
            written += write(os, sb, millis++, services[k % 2], TRACED, random, loggers, "step " + k);
          }
          written += write(os, sb, millis, "gateway", TRACED + "7", random, loggers, "decoy id");
          written +=
              write(os, sb, millis, "gateway", uuid(random, millis), random, loggers,
                  "mentions " + TRACED + " in a message");
          continue;
        }
        String service = services[random.nextInt(2)];
        written += write(os, sb, millis, service, correlation, random, loggers, message);
        if (++line % 4 == 0) {
          millis++;
        }
      }
    }
    System.err.printf(Locale.ROOT, "wrote %d bytes, %d lines, to %s%n", written, line, out);
  }

  static String uuid(SplittableRandom random, long millis) {
    long high = (millis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
    long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(high, low).toString();
  }

  static int write(
      OutputStream os,
      StringBuilder sb,
      long millis,
      String service,
      String correlation,
      SplittableRandom random,
      String[] loggers,
      String message)
      throws IOException {
    sb.setLength(0);
    sb.append("{\"@timestamp\":\"").append(Instant.ofEpochMilli(millis)).append("\",")
        .append("\"level\":\"").append(random.nextInt(20) == 0 ? "WARN" : "INFO").append("\",")
        .append("\"logger_name\":\"").append(loggers[random.nextInt(loggers.length)]).append("\",")
        .append("\"thread_name\":\"http-nio-8080-exec-").append(random.nextInt(200)).append("\",")
        .append("\"message\":\"").append(message).append("\",")
        .append("\"service\":\"").append(service).append("\",")
        .append("\"request_id\":\"").append(uuid(random, millis)).append("\",")
        .append("\"correlation_id\":\"").append(correlation).append("\",")
        .append("\"user_id\":").append(random.nextInt(100000)).append(',')
        .append("\"tenant\":\"acme-").append(random.nextInt(50)).append("\",")
        .append("\"http_method\":\"GET\",\"http_path\":\"/orders/").append(random.nextInt(1_000_000))
        .append("\"}\n");
    byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
    os.write(bytes);
    return bytes.length;
  }
}
