package dev.logcontext.benchmarks;

import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The encoder workload of the design, the same for every encoder and layout: logger {@code
 * com.example.OrderService}, INFO, thread {@code http-nio-8080-exec-1}, message {@code Order {}
 * placed for {}} with two arguments, five context fields, and optionally an exception with a fixed
 * synthetic 20-frame stack trace.
 */
final class EncoderWorkload {
  static final String LOGGER = "com.example.OrderService";
  static final String THREAD = "http-nio-8080-exec-1";
  static final String MESSAGE = "Order {} placed for {}";
  static final String ORDER = "o-1001";
  static final String CUSTOMER = "alice";
  static final String FORMATTED = "Order o-1001 placed for alice";

  /** 2026-01-01T00:00:00.123Z: a fixed time, so every line has the same length. */
  static final long TIMESTAMP = 1767225600123L;

  static final String REQUEST_ID = Fields.VALUES[0];
  static final String CORRELATION_ID = Fields.VALUES[1];

  /** {@code user_id} is a number where the library keeps types (ours) and "42" in MDC. */
  static final Long USER_ID = 42L;

  /** The pattern of the text-layout competitors (Logback and Log4j2 understand it alike). */
  static final String PATTERN =
      "%d{ISO8601} %-5level [%thread] %logger - %X{request_id} %X{correlation_id} %msg%n";

  /** The name of the last (20th) frame of {@link #exception()}, to check the whole trace. */
  static final String LAST_FRAME_METHOD = "runWorker";

  private static final StackTraceElement[] FRAMES = {
    frame("com.example.payment.PaymentClient", "charge", "PaymentClient.java", 88),
    frame("com.example.OrderService", "placeOrder", "OrderService.java", 142),
    frame("com.example.OrderController", "create", "OrderController.java", 57),
    frame("jdk.internal.reflect.GeneratedMethodAccessor42", "invoke", null, -1),
    frame("java.lang.reflect.Method", "invoke", "Method.java", 568),
    frame(
        "org.springframework.web.method.support.InvocableHandlerMethod",
        "doInvoke",
        "InvocableHandlerMethod.java",
        255),
    frame(
        "org.springframework.web.method.support.InvocableHandlerMethod",
        "invokeForRequest",
        "InvocableHandlerMethod.java",
        188),
    frame(
        "org.springframework.web.servlet.DispatcherServlet",
        "doDispatch",
        "DispatcherServlet.java",
        1089),
    frame(
        "org.springframework.web.servlet.DispatcherServlet",
        "doService",
        "DispatcherServlet.java",
        979),
    frame(
        "org.springframework.web.servlet.FrameworkServlet",
        "processRequest",
        "FrameworkServlet.java",
        1014),
    frame("jakarta.servlet.http.HttpServlet", "service", "HttpServlet.java", 590),
    frame(
        "org.apache.catalina.core.ApplicationFilterChain",
        "doFilter",
        "ApplicationFilterChain.java",
        166),
    frame(
        "org.apache.catalina.core.StandardWrapperValve",
        "invoke",
        "StandardWrapperValve.java",
        167),
    frame(
        "org.apache.catalina.core.StandardContextValve", "invoke", "StandardContextValve.java", 90),
    frame("org.apache.catalina.core.StandardHostValve", "invoke", "StandardHostValve.java", 115),
    frame("org.apache.catalina.connector.CoyoteAdapter", "service", "CoyoteAdapter.java", 344),
    frame("org.apache.coyote.http11.Http11Processor", "service", "Http11Processor.java", 391),
    frame(
        "org.apache.tomcat.util.net.NioEndpoint$SocketProcessor",
        "doRun",
        "NioEndpoint.java",
        1769),
    frame("org.apache.tomcat.util.net.SocketProcessorBase", "run", "SocketProcessorBase.java", 52),
    frame(
        "org.apache.tomcat.util.threads.ThreadPoolExecutor",
        LAST_FRAME_METHOD,
        "ThreadPoolExecutor.java",
        1191),
  };

  private EncoderWorkload() {}

  private static StackTraceElement frame(String cls, String method, String file, int line) {
    return new StackTraceElement(cls, method, file, line);
  }

  /** Returns a new exception with the fixed 20-frame stack trace and no cause. */
  static IllegalStateException exception() {
    IllegalStateException e = new IllegalStateException("payment service unavailable");
    e.setStackTrace(FRAMES.clone());
    if (e.getStackTrace().length != 20) {
      throw new AssertionError("the synthetic stack trace must have 20 frames");
    }
    return e;
  }

  /**
   * Binds the five fields on the calling thread, {@code user_id} as a {@link Long}; close the scope
   * to unbind.
   */
  static Scope bind() {
    return LogContext.with(Fields.NAMES[0], REQUEST_ID)
        .and(Fields.NAMES[1], CORRELATION_ID)
        .and(Fields.NAMES[2], USER_ID)
        .and(Fields.NAMES[3], Fields.VALUES[3])
        .and(Fields.NAMES[4], Fields.VALUES[4]);
  }

  /**
   * Throws naming {@code encoder} unless {@code line} contains every one of {@code expected}. With
   * {@code -Dbenchmarks.printOutput=true} (e.g. {@code -jvmArgsAppend
   * -Dbenchmarks.printOutput=true}) it also prints the line, to see what each encoder writes.
   */
  /**
   * Throws unless {@code line} holds the workload's message, thread, logger and ids; with {@code
   * userId} (how the encoder writes the field, e.g. {@code "user_id":42}) also the context fields
   * as top-level JSON fields; with {@code exception} its class, message and last frame.
   */
  static void checkEvent(String encoder, String line, String userId, boolean exception) {
    check(encoder, line, FORMATTED, THREAD, LOGGER, REQUEST_ID, CORRELATION_ID);
    if (userId != null) {
      check(
          encoder,
          line,
          "\"request_id\":\"" + REQUEST_ID + "\"",
          userId,
          "\"tenant\":\"acme\"",
          "\"session\":\"sess-7f3a9c\"");
    }
    if (exception) {
      check(
          encoder, line, "IllegalStateException", "payment service unavailable", LAST_FRAME_METHOD);
    }
  }

  static void check(String encoder, String line, String... expected) {
    if (Boolean.getBoolean("benchmarks.printOutput")) {
      System.out.println(encoder + " wrote: " + line);
    }
    for (String part : expected) {
      if (!line.contains(part)) {
        throw new IllegalStateException(
            encoder + " wrote no " + part + " in its output, which was: " + line);
      }
    }
  }

  static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /**
   * An output stream that drops what it is given but counts it; it can capture the bytes for a
   * check in set-up.
   */
  static final class NullOutputStream extends OutputStream {
    long bytes;
    private ByteArrayOutputStream captured;

    void capture(boolean on) {
      captured = on ? new ByteArrayOutputStream() : null;
    }

    String captured() {
      return captured == null ? "" : captured.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void write(int b) {
      bytes++;
      if (captured != null) {
        captured.write(b);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      bytes += len;
      if (captured != null) {
        captured.write(b, off, len);
      }
    }
  }
}
