package dev.logcontext.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The README's {@code logback.xml} snippet, copied as a user would, works as the README says. */
class ReadmeSnippetTest {
  private static final Logger log = LoggerFactory.getLogger("com.example.OrderService");

  @Test
  void theReadmeSnippetWritesOneJsonObjectPerLineWithTypedContextFieldsBehindAsyncAppender()
      throws Exception {
    String snippet = readmeLogbackSnippet();
    assertThat(snippet).contains("ch.qos.logback.classic.AsyncAppender");

    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream originalOut = System.out;
    System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    List<Status> problems = new ArrayList<>();
    try {
      context.reset();
      context.getStatusManager().clear();
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(
          new java.io.ByteArrayInputStream(snippet.getBytes(StandardCharsets.UTF_8)));
      context.getStatusManager().getCopyOfStatusList().stream()
          .filter(s -> s.getLevel() >= Status.WARN)
          .forEach(problems::add);
      for (int i = 0; i < 100; i++) {
        try (Scope scope =
            LogContext.with("request_id", "r-" + i)
                .and("correlation_id", "7f3a")
                .and("user_id", 42L)) {
          log.atInfo().addKeyValue("order_id", 1000 + i).log("Order {} placed", 1000 + i);
        }
      }
    } finally {
      context.reset(); // stops the AsyncAppender, which drains its queue
      System.setOut(originalOut);
    }

    assertThat(problems).as("status warnings and errors").isEmpty();
    String text = console.toString(StandardCharsets.UTF_8);
    assertThat(text).endsWith("\n");
    String[] lines = text.split("\n");
    assertThat(lines).hasSize(100);
    for (int i = 0; i < lines.length; i++) {
      Map<String, Object> event = JsonLines.parse(lines[i]);
      assertThat(event)
          .containsEntry("message", "Order " + (1000 + i) + " placed")
          .containsEntry("request_id", "r-" + i)
          .containsEntry("correlation_id", "7f3a")
          .containsEntry("user_id", 42)
          .containsEntry("order_id", 1000 + i)
          .containsEntry("service", "orders");
    }
  }

  /** The first {@code xml} block of the README's Logback section. */
  static String readmeLogbackSnippet() throws Exception {
    Path readme = Path.of(System.getProperty("user.dir")).resolveSibling("README.md");
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    int section = text.indexOf("\n## Logback\n");
    assertThat(section).as("README has a Logback section").isPositive();
    Matcher block = Pattern.compile("```xml\n(.*?)```", Pattern.DOTALL).matcher(text);
    assertThat(block.find(section)).as("an xml block in the Logback section").isTrue();
    return block.group(1);
  }
}
