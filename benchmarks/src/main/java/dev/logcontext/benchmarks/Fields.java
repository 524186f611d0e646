package dev.logcontext.benchmarks;

import ch.qos.logback.classic.util.LogbackMDCAdapter;
import io.opentelemetry.context.ContextKey;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.MDC;
import org.slf4j.spi.MDCAdapter;

/** The five context fields of the shared workloads, as names, values and OpenTelemetry keys. */
final class Fields {
  static final String[] NAMES = {"request_id", "correlation_id", "user_id", "tenant", "session"};

  /** Strings everywhere, so that MDC (string-only) stores the same values as the others. */
  static final String[] VALUES = {
    "9f1c2e7a-3b4d-4e5f-8a9b-0c1d2e3f4a5b", "corr-5e8d1a", "42", "acme", "sess-7f3a9c"
  };

  /** The field read by the read-1-of-5 workload: the fourth of five. */
  static final String TENANT = "tenant";

  static final String TENANT_VALUE = "acme";

  /** OpenTelemetry keys for {@link #NAMES}, in the same order. */
  static final List<ContextKey<String>> OTEL_KEYS =
      Arrays.stream(NAMES).map(ContextKey::<String>named).collect(Collectors.toUnmodifiableList());

  static final ContextKey<String> OTEL_TENANT = OTEL_KEYS.get(3);

  private Fields() {}

  /**
   * Returns SLF4J's MDC adapter after checking that it is Logback's {@link LogbackMDCAdapter}, so
   * that no result silently measures another provider's adapter.
   */
  static MDCAdapter logbackAdapter() {
    MDCAdapter adapter = MDC.getMDCAdapter();
    if (adapter == null || adapter.getClass() != LogbackMDCAdapter.class) {
      throw new IllegalStateException(
          "SLF4J's MDC adapter is "
              + (adapter == null ? "null" : adapter.getClass().getName())
              + ", not Logback's LogbackMDCAdapter: check the SLF4J provider on the class path");
    }
    return adapter;
  }
}
