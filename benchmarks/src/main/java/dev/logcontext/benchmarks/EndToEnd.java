package dev.logcontext.benchmarks;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import dev.logcontext.logback.LogContextConsoleAppender;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * The end-to-end workloads' shared set-up: SLF4J's own Logback {@code LoggerContext}, reset and
 * configured in code with one synchronous appender on the root logger, writing into a {@link
 * EncoderWorkload.NullOutputStream}.
 *
 * <p>Encoders: {@code logcontext-direct} = {@code LogContextJsonEncoder} in our {@code
 * LogContextConsoleAppender} (the line goes from the encoder's pooled buffer into the stream; the
 * console stream is replaced by the null stream after start); {@code logcontext} = the same encoder
 * in Logback's {@code OutputStreamAppender}; {@code pattern}, {@code logstash}, {@code
 * logback-json} as in {@link LogbackEncoderBenchmark}, in {@code OutputStreamAppender}.
 */
final class EndToEnd {
  /** Lines per request. */
  static final int LINES_PER_REQUEST = 10;

  private static final Pattern LINE_END = Pattern.compile("\n");

  private EndToEnd() {}

  /** Configures SLF4J's Logback context with {@code encoder} writing into {@code out}. */
  static LoggerContext configure(
      LoggerContext context, String encoder, EncoderWorkload.NullOutputStream out) {
    context.reset();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    boolean direct = encoder.equals("logcontext-direct");
    String kind = direct ? "logcontext" : encoder;
    OutputStreamAppender<ILoggingEvent> appender =
        direct ? new LogContextConsoleAppender() : new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setName("end-to-end");
    appender.setEncoder(LogbackEncoderBenchmark.newEncoder(kind, context));
    if (direct) {
      appender.start(); // on System.out, then onto the null stream
      appender.setOutputStream(out);
    } else {
      appender.setOutputStream(out);
      appender.start();
    }
    root.addAppender(appender);
    LogbackEncoderBenchmark.checkNoErrors(context, "end-to-end " + encoder);
    return context;
  }

  /** The workload's logger, through SLF4J. */
  static org.slf4j.Logger logger() {
    return LoggerFactory.getLogger(EncoderWorkload.LOGGER);
  }

  /** One line of the workload. */
  static void logLine(org.slf4j.Logger logger) {
    logger.info(EncoderWorkload.MESSAGE, EncoderWorkload.ORDER, EncoderWorkload.CUSTOMER);
  }

  /** A request's lines: {@link #LINES_PER_REQUEST} lines of the workload. */
  static void logRequestLines(org.slf4j.Logger logger) {
    for (int i = 0; i < LINES_PER_REQUEST; i++) {
      logLine(logger);
    }
  }

  /**
   * Runs {@code work} with {@code out} capturing, then checks that it wrote exactly {@code lines}
   * lines, each the workload's event as {@code kind} writes it ({@code typed}: {@code user_id} a
   * number).
   */
  static void checkWrites(
      EncoderWorkload.NullOutputStream out,
      String encoder,
      boolean typed,
      int lines,
      Runnable work) {
    String kind = encoder.equals("logcontext-direct") ? "logcontext" : encoder;
    String text;
    synchronized (out) {
      out.capture(true);
      try {
        work.run();
        text = out.captured();
      } finally {
        out.capture(false);
      }
    }
    Matcher ends = LINE_END.matcher(text);
    int count = 0;
    while (ends.find()) {
      count++;
    }
    if (count != lines || !text.endsWith("\n")) {
      throw new IllegalStateException(
          encoder + " wrote " + count + " lines instead of " + lines + ": " + text);
    }
    for (String line : text.split("\n")) {
      LogbackEncoderBenchmark.checkOutput(kind, line, typed, false);
    }
  }
}
