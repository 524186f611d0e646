package dev.logcontext.spring.boot.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.logcontext.logback.LogContextJsonEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.springframework.boot.logging.structured.StructuredLogFormatter;
import org.springframework.core.env.Environment;

/**
 * Spring Boot's structured logging with logging-context's JSON: {@code
 * logging.structured.format.console=logcontext} (or {@code .file}), or this class's name there,
 * writes each Logback event as {@link LogContextJsonEncoder} writes it — the same bytes — without a
 * {@code logback-spring.xml}.
 *
 * <p>The encoder's options are read from the {@code logcontext.json.*} properties, one per option
 * of the encoder, in Boot's relaxed forms: {@code logcontext.json.preset=ecs}, {@code
 * logcontext.json.static-fields.service=orders}, {@code logcontext.json.max-event-bytes=16384},
 * {@code logcontext.json.redact-keys=password,token}. Boot's own {@code logging.structured.json.*}
 * and {@code logging.structured.ecs.*} properties do not apply to this format.
 *
 * <p>Thread-safety: Boot creates one formatter per appender; {@link #format} may be called by many
 * threads at once. Bad input: an unknown {@code logcontext.json} property or a bad value is
 * reported once as a Logback error status naming the property (Logback prints it on standard error)
 * and left out, so that the option keeps its default and logging goes on, as the encoder does with
 * a bad option in {@code logback.xml}. An event never throws: a context or MDC field named like a
 * standard field ({@code message}, {@code error.type}, ...) is written with the collision prefix
 * ({@code ctx_message}), and an exception while encoding writes the event in a minimal valid form
 * (see {@link LogContextJsonEncoder}).
 */
public final class LogContextLogbackFormatter implements StructuredLogFormatter<ILoggingEvent> {
  private final LogContextJsonEncoder encoder = new LogContextJsonEncoder();

  /**
   * Creates the formatter from the {@code logcontext.json.*} properties of {@code environment};
   * Boot calls this when it starts the console or file appender.
   */
  public LogContextLogbackFormatter(Environment environment) {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (factory instanceof LoggerContext context) {
      encoder.setContext(context);
    }
    JsonProperties.configure(environment, encoder, encoder::addError);
    encoder.start();
  }

  @Override
  public String format(ILoggingEvent event) {
    return new String(encoder.encode(event), StandardCharsets.UTF_8);
  }

  @Override
  public byte[] formatAsBytes(ILoggingEvent event, Charset charset) {
    byte[] utf8 = encoder.encode(event);
    return StandardCharsets.UTF_8.equals(charset)
        ? utf8
        : new String(utf8, StandardCharsets.UTF_8).getBytes(charset);
  }
}
