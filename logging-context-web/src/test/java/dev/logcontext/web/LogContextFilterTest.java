package dev.logcontext.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logcontext.LogContext;
import dev.logcontext.RequestEnd;
import dev.logcontext.Snapshot;
import dev.logcontext.web.CapturingAppender.Line;
import dev.logcontext.web.LogContextFilter.Field;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every test runs on each container of {@link TestServer.Kind}. */
@ParameterizedClass(name = "on {0}")
@EnumSource(TestServer.Kind.class)
class LogContextFilterTest {
  private static final Pattern UUID_V7 =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  private static final Pattern SPAN_ID = Pattern.compile("[0-9a-f]{16}");
  private static final String TRACEPARENT =
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  private static final String ACCESS = LogContextFilter.DEFAULT_ACCESS_LOGGER;

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final List<TestServer> servers = new ArrayList<>();
  private final List<String> requestsWithAnAccessLine = new ArrayList<>();
  private final TestServer.Kind kind;

  LogContextFilterTest(TestServer.Kind kind) {
    this.kind = kind;
  }

  @BeforeEach
  void clearLog() {
    CapturingAppender.clear();
  }

  @AfterEach
  void everyThreadIsBackToAnEmptyContext() throws Exception {
    try {
      for (TestServer server : servers) {
        assertThat(server.probeViolations)
            .as("contexts seen around dispatches on server threads")
            .isEmpty();
        assertThat(server.contextsOfIdleServerThreads())
            .as("contexts of the server's pool threads after the test")
            .allSatisfy(context -> assertThat(context.size()).isZero());
        assertThat(server.containerWarnings()).as("what the container logged").isEmpty();
      }
      assertThat(LogContext.capture().size()).as("test thread's context").isZero();
    } finally {
      for (TestServer server : servers) {
        server.close();
      }
    }
    // Stopped servers have finished every request: no line can still come.
    List<Line> access =
        CapturingAppender.lines().stream().filter(l -> l.logger().equals(ACCESS)).toList();
    for (String requestId : requestsWithAnAccessLine) {
      assertThat(access)
          .as("access lines for %s once the server stopped", requestId)
          .filteredOn(l -> requestId.equals(l.context().get("request_id")))
          .hasSize(1);
    }
  }

  private TestServer start(LogContextFilter filter) throws Exception {
    TestServer server = kind.start(filter);
    servers.add(server);
    return server;
  }

  private HttpResponse<String> get(TestServer server, String path, String... headers)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path)).GET();
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return client.send(request.build(), BodyHandlers.ofString());
  }

  private static Map<String, String> fields(HttpResponse<String> response) {
    return new RawHttp.Response(response.statusCode(), Map.of(), response.body()).fields();
  }

  @Test
  void generatesTimeOrderedIdsWhenNoneAreSentAndEchoesThem() throws Exception {
    TestServer server = start(LogContextFilter.builder().build());

    HttpResponse<String> response = get(server, "/orders/7?debug=1");

    Map<String, String> fields = fields(response);
    assertThat(fields.get("request_id")).matches(UUID_V7);
    assertThat(fields.get("correlation_id"))
        .as("a new chain is correlated by its first request id")
        .isEqualTo(fields.get("request_id"));
    assertThat(fields)
        .containsEntry("http_method", "GET")
        .containsEntry("http_path", "/orders/7")
        .doesNotContainKeys("trace_id", "span_id", "user");
    assertThat(response.headers().firstValue("X-Request-ID")).contains(fields.get("request_id"));
    assertThat(response.headers().firstValue("X-Correlation-ID"))
        .contains(fields.get("correlation_id"));
    assertThat(new ArrayList<>(fields.keySet()))
        .containsExactly("where", "request_id", "correlation_id", "http_method", "http_path");
  }

  @Test
  void generatedIdsAreUniqueAndSortByTime() throws Exception {
    TestServer server = start(LogContextFilter.builder().build());
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      ids.add(fields(get(server, "/x")).get("request_id"));
      Thread.sleep(2);
    }
    assertThat(new HashSet<>(ids)).hasSize(ids.size());
    assertThat(ids).isSorted();
  }

  @Test
  void acceptsValidIncomingIdsAndEchoesThem() throws Exception {
    TestServer server = start(LogContextFilter.builder().build());

    HttpResponse<String> response =
        get(server, "/x", "X-Request-ID", "req-42.a:b@c", "X-Correlation-ID", "corr_7+z=");

    assertThat(fields(response))
        .containsEntry("request_id", "req-42.a:b@c")
        .containsEntry("correlation_id", "corr_7+z=")
        .doesNotContainKeys("request_id_rejected", "correlation_id_rejected");
    assertThat(response.headers().firstValue("X-Request-ID")).contains("req-42.a:b@c");
    assertThat(response.headers().firstValue("X-Correlation-ID")).contains("corr_7+z=");
  }

  static Stream<Arguments> hostileHeaders() {
    List<Arguments> cases = new ArrayList<>();
    String[] values = {
      "EVIL" + "a".repeat(61), // one over the maximum length
      "EVIL" + "b".repeat(4000), // far over it
      "abc\"EVIL", // a quote
      "\"},\"admin\":true,\"EVIL\":\"", // JSON injection
      "EVIL'; DROP TABLE x;--",
      "${jndi:ldap://127.0.0.1/EVIL}",
      "<script>EVIL</script>",
      "EVIL id", // a space
      "EVIL\tid", // a tab
      "EVIL%0d%0aX-Injected: 1", // encoded CR LF
      "EVIL\u00fcber", // non-ASCII, sent as UTF-8 bytes
      "EVIL\u65e5\u672c", // non-ASCII, sent as UTF-8 bytes
      "EVIL\rX-Injected: 1", // a bare CR
      "EVIL\u0000nul", // a NUL
      "EVIL\u001b[31mred", // a terminal escape
    };
    for (String header : List.of("X-Request-ID", "X-Correlation-ID", "traceparent")) {
      for (String value : values) {
        cases.add(Arguments.of(header, value));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}: {index}")
  @MethodSource("hostileHeaders")
  void replacesHostileValuesWithoutEverBindingOrLoggingThem(String header, String value)
      throws Exception {
    TestServer server = start(LogContextFilter.builder().accessLog(true).build());
    byte[] line =
        concat(
            (header + ": ").getBytes(StandardCharsets.ISO_8859_1),
            value.getBytes(StandardCharsets.UTF_8),
            "\r\n".getBytes(StandardCharsets.ISO_8859_1));

    RawHttp.Response response = RawHttp.get(server.port(), "/x", line);

    assertThat(response.toString()).as("the whole response").doesNotContain("EVIL");
    for (TestServer.Seen seen : server.seen) {
      assertThat(seen.context().toString()).as("context seen").doesNotContain("EVIL");
    }
    for (Line logged : CapturingAppender.lines()) {
      assertThat(logged.message() + logged.context()).as("log line").doesNotContain("EVIL");
    }
    if (response.status() == 200) {
      Map<String, String> fields = response.fields();
      String flag =
          switch (header) {
            case "X-Request-ID" -> "request_id_rejected";
            case "X-Correlation-ID" -> "correlation_id_rejected";
            default -> "traceparent_rejected";
          };
      assertThat(fields).containsEntry(flag, "true").doesNotContainKey("trace_id");
      assertThat(fields.get("request_id")).matches(UUID_V7);
      assertThat(fields.get("correlation_id")).isEqualTo(fields.get("request_id"));
      assertThat(response.header("X-Correlation-ID")).isEqualTo(fields.get("correlation_id"));
    } else {
      assertThat(response.status())
          .as("the container itself may refuse a malformed header")
          .isBetween(400, 499);
      assertThat(server.seen).isEmpty();
    }
  }

  @Test
  void hostileValuesThatReachTheFilterAreFlagged() throws Exception {
    TestServer server = start(LogContextFilter.builder().build());
    List<RawHttp.Response> responses = new ArrayList<>();
    for (String value : List.of("abc\"EVIL", "EVIL" + "a".repeat(61), "EVIL id", "EVIL\u00fc")) {
      responses.add(
          RawHttp.get(
              server.port(),
              "/x",
              concat(
                  "X-Correlation-ID: ".getBytes(StandardCharsets.ISO_8859_1),
                  value.getBytes(StandardCharsets.UTF_8),
                  "\r\n".getBytes(StandardCharsets.ISO_8859_1))));
    }
    assertThat(responses)
        .as("these values are legal HTTP, so they must reach the filter and be replaced")
        .allSatisfy(
            r -> {
              assertThat(r.status()).isEqualTo(200);
              assertThat(r.fields()).containsEntry("correlation_id_rejected", "true");
            });
  }

  @Test
  void aRepeatedIdHeaderIsRejected() throws Exception {
    TestServer server = start(LogContextFilter.builder().build());

    RawHttp.Response response =
        RawHttp.get(
            server.port(),
            "/x",
            "X-Correlation-ID: one\r\nX-Correlation-ID: two\r\n"
                .getBytes(StandardCharsets.ISO_8859_1));

    assertThat(response.fields())
        .containsEntry("correlation_id_rejected", "true")
        .doesNotContainValue("one")
        .doesNotContainValue("two");
  }

  @Test
  void aValidTraceparentBindsTheTraceAndANewSpan() throws Exception {
    TestServer server = start(LogContextFilter.builder().build());

    Map<String, String> fields = fields(get(server, "/x", "traceparent", TRACEPARENT));

    assertThat(fields)
        .containsEntry("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736")
        .containsEntry("parent_span_id", "00f067aa0ba902b7")
        .containsEntry("trace_flags", "01")
        .doesNotContainKey("traceparent_rejected");
    assertThat(fields.get("span_id")).matches(SPAN_ID).isNotEqualTo("00f067aa0ba902b7");
  }

  @Test
  void invalidTraceparentsAreRejected() throws Exception {
    TestServer server = start(LogContextFilter.builder().build());
    List<String> invalid =
        List.of(
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", // upper case
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01", // zero trace
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", // zero parent
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", // forbidden version
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra", // 00 too long
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7", // too short
            "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x"); // bad later version
    for (String value : invalid) {
      assertThat(fields(get(server, "/x", "traceparent", value)))
          .as(value)
          .containsEntry("traceparent_rejected", "true")
          .doesNotContainKeys("trace_id", "span_id");
    }
    assertThat(
            fields(
                get(
                    server,
                    "/x",
                    "traceparent",
                    "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-future")))
        .as("a later version with more fields is read as version 00")
        .containsEntry("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736");
  }

  @Test
  void headerAndFieldNamesAndTheUserAreConfigurableWithTheBuilder() throws Exception {
    TestServer server =
        start(
            LogContextFilter.builder()
                .requestIdHeader("X-Req")
                .correlationIdHeader("X-Corr")
                .fieldName(Field.REQUEST_ID, "req")
                .fieldName(Field.CORRELATION_ID, "trace.correlation")
                .fieldName(Field.HTTP_PATH, "url.path")
                .fieldName(Field.USER, "user_id")
                .userResolver(request -> request.getHeader("X-Test-User"))
                .build());

    HttpResponse<String> response =
        get(server, "/a/b", "X-Req", "r1", "X-Corr", "c1", "X-Test-User", "alice");

    assertThat(fields(response))
        .containsEntry("req", "r1")
        .containsEntry("trace.correlation", "c1")
        .containsEntry("url.path", "/a/b")
        .containsEntry("user_id", "alice")
        .doesNotContainKeys("request_id", "correlation_id", "http_path");
    assertThat(response.headers().firstValue("X-Req")).contains("r1");
    assertThat(response.headers().firstValue("X-Corr")).contains("c1");
    assertThat(response.headers().firstValue("X-Request-ID")).isEmpty();
  }

  /** A resolver named by class in an init-param. */
  public static final class HeaderUser implements UserResolver {
    @Override
    public Object resolve(jakarta.servlet.http.HttpServletRequest request) {
      String user = request.getHeader("X-Test-User");
      return user == null ? null : Long.valueOf(user);
    }
  }

  @Test
  void initParamsConfigureAFilterMadeByTheContainer() throws Exception {
    TestServer server =
        kind.startWithInitParams(
            Map.of(
                "correlationIdHeader", "X-Trace-Corr",
                "field.user", "user_id",
                "userResolver", HeaderUser.class.getName(),
                "echoHeaders", "false",
                "maxIdLength", "8",
                "accessLog", "true",
                "accessLogger", "test.access"));
    servers.add(server);

    HttpResponse<String> response =
        get(
            server,
            "/x",
            "X-Trace-Corr",
            "12345678",
            "X-Request-ID",
            "123456789",
            "X-Test-User",
            "42");

    assertThat(fields(response))
        .containsEntry("correlation_id", "12345678")
        .containsEntry("request_id_rejected", "true")
        .containsEntry("user_id", "42");
    assertThat(response.headers().firstValue("X-Request-ID")).isEmpty();
    List<Line> access = awaitLines(l -> l.logger().equals("test.access"), 1);
    assertThat(access).hasSize(1);
    assertThat(access.get(0).context().get("user_id")).isEqualTo(42L);
  }

  @Test
  void anUnknownInitParamFailsTheStartNamingIt() {
    assertThatThrownBy(() -> servers.add(kind.startWithInitParams(Map.of("maxIdLenght", "8"))))
        .hasStackTraceContaining("maxIdLenght");
  }

  @Test
  void badBuilderValuesAreRefusedNamingThem() {
    assertThatThrownBy(() -> LogContextFilter.builder().requestIdHeader("X Request"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("X Request");
    assertThatThrownBy(() -> LogContextFilter.builder().fieldName(Field.USER, "9user"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("9user");
    assertThatThrownBy(() -> LogContextFilter.builder().maxIdLength(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxIdLength");
    assertThatThrownBy(() -> LogContextFilter.builder().fieldName(Field.USER, "request_id").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("share a name");
  }

  @Test
  void everyRequestEndsOnceWhenItCompletesAsyncOrNotWithoutAnAccessLine() throws Exception {
    List<Object> ended = new CopyOnWriteArrayList<>();
    RequestEnd.Listener listener = (ending, after) -> ended.add(ending.get("correlation_id"));
    RequestEnd.addListener(listener);
    try {
      TestServer server = kind.start(LogContextFilter.builder().accessLog(false).build());
      List<String> paths = List.of("/x", "/fail", "/async-start", "/async-pool", "/async-dispatch");
      try {
        for (String path : paths) {
          get(server, path, "X-Correlation-ID", "c-end" + path.replace('/', '-'));
        }
        // A request ends when it completes, which may be just after the client has read the
        // whole response: wait (up to 5 s) for every end before stopping the server.
        for (int i = 0; i < 250 && ended.size() < paths.size(); i++) {
          Thread.sleep(20);
        }
      } finally {
        server.close();
      }
      assertThat(ended)
          .as("one end per request, signalled with the request's context")
          .containsExactlyInAnyOrder(
              "c-end-x",
              "c-end-fail",
              "c-end-async-start",
              "c-end-async-pool",
              "c-end-async-dispatch");
    } finally {
      RequestEnd.removeListener(listener);
    }
  }

  @Test
  void asyncWorkStartedThroughTheAsyncContextAndCompletedIsLoggedOnceWithItsStatus()
      throws Exception {
    TestServer server = start(LogContextFilter.builder().accessLog(true).build());

    HttpResponse<String> response =
        get(server, "/async-start?status=202", "X-Correlation-ID", "c-async");

    Map<String, String> fields = fields(response);
    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(fields)
        .containsEntry("where", "async-start")
        .containsEntry("correlation_id", "c-async");
    assertAccessLineFor(fields.get("request_id"), "c-async", 202);
    assertEveryLineOfTheRequestCarries(fields.get("request_id"), "c-async", "handled async-start");
  }

  @Test
  void asyncWorkOnAPropagatingPoolCompletedIsLoggedOnceWithItsIds() throws Exception {
    TestServer server = start(LogContextFilter.builder().accessLog(true).build());

    Map<String, String> fields = fields(get(server, "/async-pool", "X-Correlation-ID", "c-pool"));

    assertThat(fields)
        .containsEntry("where", "async-pool")
        .containsEntry("correlation_id", "c-pool");
    assertAccessLineFor(fields.get("request_id"), "c-pool", 200);
    assertEveryLineOfTheRequestCarries(fields.get("request_id"), "c-pool", "handled async-pool");
  }

  @Test
  void anAsyncDispatchToAnotherPathSeesTheSameIdsAndIsLoggedOnce() throws Exception {
    TestServer server = start(LogContextFilter.builder().accessLog(true).build());

    HttpResponse<String> response = get(server, "/async-dispatch", "X-Correlation-ID", "c-disp");

    Map<String, String> fields = fields(response);
    assertThat(fields)
        .containsEntry("where", "dispatched")
        .containsEntry("correlation_id", "c-disp")
        .containsEntry("http_path", "/async-dispatch");
    assertThat(fields.get("request_id"))
        .as("the dispatch keeps the request's id")
        .isEqualTo(response.headers().firstValue("X-Request-ID").orElseThrow());
    assertAccessLineFor(fields.get("request_id"), "c-disp", 200);
    assertEveryLineOfTheRequestCarries(fields.get("request_id"), "c-disp", "handled dispatched");
  }

  /**
   * Spring MVC's {@code Callable} and {@code DeferredResult}: the servlet starts async, the result
   * is made on another thread, and {@code dispatch()} sends the request back to the same servlet,
   * which writes it. After {@code dispatch()} Tomcat refuses {@code AsyncContext.getResponse()}.
   */
  @Test
  void aCallableDispatchedBackToTheServletIsLoggedOnceWithTheStatusOfTheSecondPass()
      throws Exception {
    TestServer server = start(LogContextFilter.builder().accessLog(true).build());

    HttpResponse<String> response =
        get(server, "/async-callable?status=201", "X-Correlation-ID", "c-callable");

    Map<String, String> fields = fields(response);
    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(fields)
        .containsEntry("where", "callable-dispatched")
        .containsEntry("correlation_id", "c-callable")
        .containsEntry("http_path", "/async-callable");
    assertAccessLineFor(fields.get("request_id"), "c-callable", 201);
    assertEveryLineOfTheRequestCarries(
        fields.get("request_id"),
        "c-callable",
        "callable accepted",
        "callable running",
        "handled callable-dispatched");
  }

  @Test
  void anAsyncCycleStartedAgainInTheDispatchedPassIsLoggedOnce() throws Exception {
    TestServer server = start(LogContextFilter.builder().accessLog(true).build());

    HttpResponse<String> response =
        get(server, "/async-twice?status=203", "X-Correlation-ID", "c-twice");

    Map<String, String> fields = fields(response);
    assertThat(response.statusCode()).isEqualTo(203);
    assertThat(fields).containsEntry("where", "async-twice");
    assertAccessLineFor(fields.get("request_id"), "c-twice", 203);
    assertEveryLineOfTheRequestCarries(
        fields.get("request_id"),
        "c-twice",
        "callable accepted",
        "callable running",
        "second cycle",
        "handled async-twice");
  }

  @Test
  void anAsyncTimeoutIsLoggedOnceWithStatus500AndTheErrorPageSeesTheIds() throws Exception {
    TestServer server = start(LogContextFilter.builder().accessLog(true).build());

    HttpResponse<String> response = get(server, "/async-timeout", "X-Correlation-ID", "c-timeout");

    assertThat(response.statusCode()).isEqualTo(500);
    Map<String, String> fields = fields(response);
    assertThat(fields)
        .as("the error page, an ERROR dispatch of the same request")
        .containsEntry("where", "error-page")
        .containsEntry("correlation_id", "c-timeout")
        .containsEntry("http_path", "/async-timeout");
    assertAccessLineFor(fields.get("request_id"), "c-timeout", 500);
    assertEveryLineOfTheRequestCarries(
        fields.get("request_id"), "c-timeout", "waiting for a timeout", "handled error-page");
  }

  @Test
  void aFailureInTheDispatchedPassIsLoggedOnceWithStatus500() throws Exception {
    TestServer server = start(LogContextFilter.builder().accessLog(true).build());

    HttpResponse<String> response =
        get(server, "/async-dispatch-fail", "X-Correlation-ID", "c-disp-fail");

    assertThat(response.statusCode()).isEqualTo(500);
    Map<String, String> fields = fields(response);
    assertThat(fields)
        .containsEntry("where", "error-page")
        .containsEntry("correlation_id", "c-disp-fail");
    assertAccessLineFor(fields.get("request_id"), "c-disp-fail", 500);
    assertEveryLineOfTheRequestCarries(
        fields.get("request_id"), "c-disp-fail", "about to fail", "handled error-page");
  }

  /**
   * Returns the lines matching {@code filter}, waiting up to 5 s for {@code expected} of them: the
   * access line is written when the request completes, which may be just after the client has read
   * the whole response.
   */
  private static List<Line> awaitLines(Predicate<Line> filter, int expected)
      throws InterruptedException {
    List<Line> lines = List.of();
    for (int i = 0; i < 250; i++) {
      lines = CapturingAppender.lines().stream().filter(filter).toList();
      if (lines.size() >= expected) {
        break;
      }
      Thread.sleep(20);
    }
    return lines;
  }

  /**
   * Asserts that the request has one access line with {@code status} and its ids; the check that no
   * second line follows is made again once the server has stopped.
   */
  private void assertAccessLineFor(String requestId, String correlationId, int status)
      throws InterruptedException {
    requestsWithAnAccessLine.add(requestId);
    List<Line> lines =
        awaitLines(
            l -> l.logger().equals(ACCESS) && requestId.equals(l.context().get("request_id")), 1);
    assertThat(lines).as("access lines for " + requestId).hasSize(1);
    Snapshot context = lines.get(0).context();
    assertThat(context.get("correlation_id")).isEqualTo(correlationId);
    assertThat(context.get("http_status")).isEqualTo(status);
    assertThat(context.get("duration_ms")).isInstanceOf(Long.class);
    assertThat(lines.get(0).message()).startsWith("GET /").contains(" " + status + " ");
  }

  /**
   * Asserts that the endpoints logged exactly {@code messages} (in any order: they come from
   * several threads), each carrying the request's ids: the only request of the test.
   */
  private static void assertEveryLineOfTheRequestCarries(
      String requestId, String correlationId, String... messages) {
    List<Line> lines =
        CapturingAppender.lines().stream()
            .filter(l -> l.logger().equals("test.endpoints"))
            .toList();
    assertThat(lines).extracting(Line::message).containsExactlyInAnyOrder(messages);
    assertThat(lines)
        .allSatisfy(
            l -> {
              assertThat(l.context().get("request_id"))
                  .as("request_id of '%s' on %s", l.message(), l.thread())
                  .isEqualTo(requestId);
              assertThat(l.context().get("correlation_id"))
                  .as("correlation_id of '%s' on %s", l.message(), l.thread())
                  .isEqualTo(correlationId);
            });
  }

  @Test
  void aFailingRequestIsLoggedWithStatus500AndItsIds() throws Exception {
    TestServer server = start(LogContextFilter.builder().accessLog(true).build());

    HttpResponse<String> response = get(server, "/fail", "X-Correlation-ID", "c-fail");

    assertThat(response.statusCode()).isEqualTo(500);
    String requestId = response.headers().firstValue("X-Request-ID").orElseThrow();
    assertThat(fields(response))
        .as("the error page, an ERROR dispatch of the same request")
        .containsEntry("where", "error-page")
        .containsEntry("request_id", requestId);
    assertAccessLineFor(requestId, "c-fail", 500);
    assertEveryLineOfTheRequestCarries(requestId, "c-fail", "about to fail", "handled error-page");
  }

  @Test
  void aScopeLeftOpenByTheApplicationDoesNotOutliveTheRequest() throws Exception {
    TestServer server = start(LogContextFilter.builder().build());
    for (int i = 0; i < 50; i++) {
      Map<String, String> fields = fields(get(server, i % 2 == 0 ? "/leak" : "/x"));
      assertThat(fields).as("request %d", i).doesNotContainKey("leaked");
    }
    // everyThreadIsBackToAnEmptyContext checks the server threads
  }

  @Test
  void theCorrelationIdAndTraceReachTheDownstreamServiceAndContinuations() throws Exception {
    TestServer downstream = start(LogContextFilter.builder().build());
    TestServer upstream = start(LogContextFilter.builder().build());
    upstream.downstream = downstream.uri("/inventory");

    for (String path : List.of("/call-downstream/sync", "/call-downstream/async")) {
      Map<String, String> fields =
          fields(get(upstream, path, "X-Correlation-ID", "c-chain", "traceparent", TRACEPARENT));

      assertThat(fields).as(path).containsEntry("correlation_id", "c-chain");
      assertThat(fields)
          .as(path + ": downstream")
          .containsEntry("downstream.correlation_id", "c-chain")
          .containsEntry("downstream.trace_id", "4bf92f3577b34da6a3ce929d0e0e4736")
          .containsEntry("downstream.parent_span_id", fields.get("span_id"))
          .containsEntry("downstream.trace_flags", "01")
          .containsEntry("downstream.http_path", "/inventory");
      assertThat(fields.get("downstream.request_id"))
          .as("each service has its own request id")
          .matches(UUID_V7)
          .isNotEqualTo(fields.get("request_id"));
      assertThat(fields)
          .as(path + ": the continuation after the call")
          .containsEntry("continuation.request_id", fields.get("request_id"))
          .containsEntry("continuation.correlation_id", "c-chain");
    }
  }

  @Test
  void manyConcurrentRequestsEachSeeExactlyTheirOwnIds() throws Exception {
    TestServer server = start(LogContextFilter.builder().accessLog(true).build());
    int requests = 400;
    String[] endpoints = {
      "/x", "/leak", "/async-start", "/async-pool", "/async-dispatch", "/async-callable"
    };
    Semaphore inFlight = new Semaphore(48);
    Map<Integer, String> sentCorrelation = new HashMap<>();
    List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(server.uri(endpoints[i % endpoints.length] + "/" + i));
      if (i % 7 == 3) {
        sentCorrelation.put(i, "bad\"EVIL" + i);
      } else if (i % 3 != 0) {
        sentCorrelation.put(i, "c-" + i);
      }
      if (sentCorrelation.containsKey(i)) {
        request.header("X-Correlation-ID", sentCorrelation.get(i));
      }
      inFlight.acquire();
      futures.add(
          client
              .sendAsync(request.build(), BodyHandlers.ofString())
              .whenComplete((r, e) -> inFlight.release()));
    }

    Map<String, String> correlationByRequestId = new LinkedHashMap<>();
    for (int i = 0; i < requests; i++) {
      HttpResponse<String> response = futures.get(i).get(30, TimeUnit.SECONDS);
      Map<String, String> fields = fields(response);
      String requestId = response.headers().firstValue("X-Request-ID").orElseThrow();
      String sent = sentCorrelation.get(i);
      String expected = sent != null && !sent.contains("EVIL") ? sent : requestId;
      assertThat(response.statusCode()).as("request %d", i).isEqualTo(200);
      assertThat(fields)
          .as("request %d", i)
          .containsEntry("request_id", requestId)
          .containsEntry("correlation_id", expected)
          .containsEntry("http_path", endpoints[i % endpoints.length] + "/" + i)
          .doesNotContainKey("leaked");
      assertThat(response.headers().firstValue("X-Correlation-ID")).contains(expected);
      Set<String> allowed =
          Set.of(
              "where",
              "request_id",
              "correlation_id",
              "correlation_id_rejected",
              "http_method",
              "http_path");
      assertThat(allowed).as("request %d", i).containsAll(fields.keySet());
      correlationByRequestId.put(requestId, expected);
      requestsWithAnAccessLine.add(requestId);
    }
    assertThat(correlationByRequestId).hasSize(requests);

    List<Line> access = awaitLines(l -> l.logger().equals(ACCESS), requests);
    assertThat(access).as("one access line per request").hasSize(requests);
    Set<String> accessIds = new HashSet<>();
    for (Line line : access) {
      String requestId = (String) line.context().get("request_id");
      assertThat(correlationByRequestId).containsKey(requestId);
      assertThat(line.context().get("correlation_id"))
          .isEqualTo(correlationByRequestId.get(requestId));
      assertThat(line.context().get("http_status")).isEqualTo(200);
      accessIds.add(requestId);
    }
    assertThat(accessIds).hasSize(requests);
    List<Line> handled =
        awaitLines(
            l -> l.logger().equals("test.endpoints") && l.message().startsWith("handled "),
            requests);
    assertThat(handled).hasSize(requests);
    List<Line> endpointLines =
        CapturingAppender.lines().stream()
            .filter(l -> l.logger().equals("test.endpoints"))
            .toList();
    for (Line line : endpointLines) {
      String requestId = (String) line.context().get("request_id");
      assertThat(correlationByRequestId)
          .as("'%s' on %s", line.message(), line.thread())
          .containsKey(requestId);
      assertThat(line.context().get("correlation_id"))
          .as("'%s' on %s", line.message(), line.thread())
          .isEqualTo(correlationByRequestId.get(requestId));
    }
    for (Line line : CapturingAppender.lines()) {
      assertThat(line.message() + line.context()).doesNotContain("EVIL");
    }
    assertThat(server.probeDispatches.get()).isGreaterThanOrEqualTo(requests);
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] out = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    return out;
  }
}
