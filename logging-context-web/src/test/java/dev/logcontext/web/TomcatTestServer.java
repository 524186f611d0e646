package dev.logcontext.web;

import dev.logcontext.LogContext;
import dev.logcontext.Snapshot;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.tomcat.util.descriptor.web.ErrorPage;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;

/**
 * The {@link TestServer} on embedded Tomcat 11. Tomcat logs through {@code java.util.logging}; its
 * records are kept here instead of being printed on stderr.
 */
final class TomcatTestServer extends TestServer {
  private static final List<LogRecord> RECORDS = new ArrayList<>();

  /** Held so that the configuration of the logger is not lost to garbage collection. */
  private static final Logger TOMCAT_LOGGER = Logger.getLogger("org.apache");

  static {
    TOMCAT_LOGGER.setUseParentHandlers(false);
    TOMCAT_LOGGER.setLevel(Level.INFO);
    TOMCAT_LOGGER.addHandler(
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            synchronized (RECORDS) {
              RECORDS.add(record);
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        });
  }

  private final Tomcat tomcat;
  private final Connector connector;
  private final int firstRecord;

  private TomcatTestServer(FilterDef filter) throws Exception {
    synchronized (RECORDS) {
      firstRecord = RECORDS.size();
    }
    Path base = Files.createDirectories(Path.of("target", "tomcat")).toAbsolutePath();
    tomcat = new Tomcat();
    tomcat.setBaseDir(base.toString());
    connector = new Connector("HTTP/1.1");
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    connector.setProperty("maxThreads", "32");
    connector.setProperty("minSpareThreads", "8");
    tomcat.setConnector(connector);
    // As Spring Boot configures it: Tomcat's own error pages (such as its 400 for a header it
    // rejects) must not echo the request back.
    ErrorReportValve errorReport = new ErrorReportValve();
    errorReport.setShowReport(false);
    errorReport.setShowServerInfo(false);
    tomcat.getHost().getPipeline().addValve(errorReport);

    Context context = tomcat.addContext("", base.toString());
    addFilter(context, filterDef("probe", probe()));
    filter.setFilterName("logContext");
    filter.setAsyncSupported("true");
    addFilter(context, filter);
    Wrapper servlet = Tomcat.addServlet(context, "endpoints", endpoints());
    servlet.setAsyncSupported(true);
    context.addServletMapping("/*", "endpoints");
    ErrorPage errors = new ErrorPage();
    errors.setErrorCode(500);
    errors.setLocation(ERROR_PAGE);
    context.addErrorPage(errors);

    tomcat.start();
    if (context.getState() != LifecycleState.STARTED) {
      List<String> problems = containerWarnings();
      Throwable cause = firstThrown();
      close();
      throw new IllegalStateException("Tomcat did not start the context: " + problems, cause);
    }
  }

  static TestServer start(LogContextFilter filter) throws Exception {
    return new TomcatTestServer(filterDef("logContext", filter));
  }

  static TestServer startWithInitParams(Map<String, String> params) throws Exception {
    FilterDef def = new FilterDef();
    def.setFilterClass(LogContextFilter.class.getName());
    params.forEach(def::addInitParameter);
    return new TomcatTestServer(def);
  }

  private static FilterDef filterDef(String name, Filter filter) {
    FilterDef def = new FilterDef();
    def.setFilterName(name);
    def.setFilter(filter);
    def.setFilterClass(filter.getClass().getName());
    def.setAsyncSupported("true");
    return def;
  }

  private static void addFilter(Context context, FilterDef def) {
    context.addFilterDef(def);
    FilterMap map = new FilterMap();
    map.setFilterName(def.getFilterName());
    map.addURLPattern("/*");
    for (DispatcherType type : DISPATCHER_TYPES) {
      map.setDispatcher(type.name());
    }
    context.addFilterMap(map);
  }

  @Override
  int port() {
    return connector.getLocalPort();
  }

  /**
   * Occupies every thread of the connector's pool at once (each task waits for the others), so that
   * each existing thread runs one.
   */
  @Override
  List<Snapshot> contextsOfIdleServerThreads() throws InterruptedException {
    ThreadPoolExecutor pool = (ThreadPoolExecutor) connector.getProtocolHandler().getExecutor();
    int count = pool.getPoolSize();
    ConcurrentLinkedQueue<Snapshot> contexts = new ConcurrentLinkedQueue<>();
    CountDownLatch started = new CountDownLatch(count);
    CountDownLatch done = new CountDownLatch(count);
    for (int i = 0; i < count; i++) {
      pool.execute(
          () -> {
            contexts.add(LogContext.capture());
            started.countDown();
            try {
              started.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            done.countDown();
          });
    }
    if (!done.await(10, TimeUnit.SECONDS)) {
      throw new AssertionError("server threads did not run the probe tasks");
    }
    return new ArrayList<>(contexts);
  }

  @Override
  List<String> containerWarnings() {
    List<String> warnings = new ArrayList<>();
    for (LogRecord record : records()) {
      if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
        addWarning(
            warnings,
            record.getLevel(),
            record.getLoggerName(),
            record.getMessage(),
            failure(record.getThrown()));
      }
    }
    return warnings;
  }

  private Throwable firstThrown() {
    for (LogRecord record : records()) {
      if (record.getThrown() != null) {
        return record.getThrown();
      }
    }
    return null;
  }

  private List<LogRecord> records() {
    synchronized (RECORDS) {
      return new ArrayList<>(RECORDS.subList(firstRecord, RECORDS.size()));
    }
  }

  private static String failure(Throwable thrown) {
    StringBuilder out = new StringBuilder();
    for (int depth = 0; thrown != null && depth < 16; depth++) {
      out.append(" / ").append(thrown);
      thrown = thrown.getCause();
    }
    return out.toString();
  }

  @Override
  void close() throws Exception {
    tomcat.stop();
    tomcat.destroy();
    stopWorkers();
  }
}
