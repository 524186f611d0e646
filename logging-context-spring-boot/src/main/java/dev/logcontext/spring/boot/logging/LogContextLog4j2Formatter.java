package dev.logcontext.spring.boot.logging;

import dev.logcontext.log4j2.LogContextJsonLayout;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.status.StatusLogger;
import org.springframework.boot.logging.structured.StructuredLogFormatter;
import org.springframework.core.env.Environment;

/**
 * Spring Boot's structured logging with logging-context's JSON on Log4j2: {@code
 * logging.structured.format.console=logcontext} (or {@code .file}), or this class's name there,
 * writes each event as {@link LogContextJsonLayout} writes it, without a {@code log4j2-spring.xml}.
 * Options come from the {@code logcontext.json.*} properties, as for {@link
 * LogContextLogbackFormatter}.
 *
 * <p>Thread-safety: {@link #format} may be called by many threads at once. Bad input: an unknown
 * {@code logcontext.json} property or a bad value is reported once through Log4j's status logger
 * naming the property (printed on standard error) and left out; an event never throws (see {@link
 * LogContextJsonLayout}).
 */
public final class LogContextLog4j2Formatter implements StructuredLogFormatter<LogEvent> {
  private final LogContextJsonLayout layout;

  /**
   * Creates the formatter from the {@code logcontext.json.*} properties of {@code environment};
   * Boot calls this when it starts the console or file appender.
   */
  public LogContextLog4j2Formatter(Environment environment) {
    LogContextJsonLayout.Builder builder = LogContextJsonLayout.newBuilder();
    JsonProperties.configure(
        environment,
        builder,
        problem -> StatusLogger.getLogger().error("LogContextLog4j2Formatter: {}", problem));
    this.layout = builder.build();
  }

  @Override
  public String format(LogEvent event) {
    return layout.toSerializable(event);
  }

  @Override
  public byte[] formatAsBytes(LogEvent event, Charset charset) {
    return StandardCharsets.UTF_8.equals(charset)
        ? layout.toByteArray(event)
        : layout.toSerializable(event).getBytes(charset);
  }
}
