package dev.logcontext.benchmarks;

import ch.qos.logback.classic.LoggerContext;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * {@link BufferingBenchmark}'s {@code request} workload timed in CPU time of the benchmark thread
 * ({@link ThreadMXBean#getCurrentThreadCpuTime()}) instead of wall time, for a machine shared with
 * other work, where waiting for a CPU dominates wall time. The set-ups run in rounds, one after the
 * other within each round, so that a change in the machine's load affects them alike. Run with
 * {@code java -Dslf4j.provider=dev.logcontext.logback.LogContextServiceProvider -cp
 * benchmarks/target/benchmarks.jar dev.logcontext.benchmarks.BufferingCpuTime}.
 */
public final class BufferingCpuTime {
  private static final String[] SETUPS = {"plain", "buffering", "required-fields"};
  private static final int ROUNDS = 12;
  private static final int REQUESTS_PER_ROUND = 20_000;

  private BufferingCpuTime() {}

  /** Prints the median CPU nanoseconds per request of each set-up and their ratios. */
  public static void main(String[] args) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Thread.currentThread().setName(EncoderWorkload.THREAD);
    BufferingBenchmark.Backend[] backends = new BufferingBenchmark.Backend[SETUPS.length];
    for (int s = 0; s < SETUPS.length; s++) {
      backends[s] = new BufferingBenchmark.Backend();
      backends[s].setup = SETUPS[s];
    }
    double[][] perRequest = new double[SETUPS.length][ROUNDS];
    for (int round = -2; round < ROUNDS; round++) { // two rounds of warm-up
      for (int s = 0; s < SETUPS.length; s++) {
        BufferingBenchmark.Backend backend = backends[s];
        backend.setUp();
        long start = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < REQUESTS_PER_ROUND; i++) {
          BufferingBenchmark.request(backend.logger);
        }
        long cpu = threads.getCurrentThreadCpuTime() - start;
        backend.tearDown();
        if (round >= 0) {
          perRequest[s][round] = cpu / (double) REQUESTS_PER_ROUND;
        }
      }
    }
    double plain = median(perRequest[0]);
    for (int s = 0; s < SETUPS.length; s++) {
      double m = median(perRequest[s]);
      System.out.printf("%-16s %8.0f ns CPU per request  %.2fx plain%n", SETUPS[s], m, m / plain);
    }
    if (!(org.slf4j.LoggerFactory.getILoggerFactory() instanceof LoggerContext)) {
      throw new IllegalStateException("Logback is not the SLF4J backend");
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    return (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  }
}
