package dev.logcontext.logback;

import ch.qos.logback.classic.LoggerContext;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Map;
import org.slf4j.MDC;
import org.slf4j.spi.MDCAdapter;

/**
 * The fallback for applications that cannot select {@link LogContextServiceProvider}: installs a
 * {@link LogContextMDCAdapter} into a running Logback {@code LoggerContext} and into {@code
 * org.slf4j.MDC}. {@link LogContextJsonEncoder} calls it when it starts and finds Logback's own
 * adapter.
 *
 * <p>Limits, compared with the provider: it needs reflective access to {@code org.slf4j.MDC} (the
 * class path, or a module path where {@code org.slf4j} is opened); logging before it runs used
 * Logback's adapter; of what the old adapter held, only the installing thread's fields are carried
 * over; Logback 1.5.1+ records a "mdcAdapter being reset" warning status.
 *
 * <p>Thread-safety: call it during start-up. Bad input: none; failures are returned, not thrown.
 */
public final class LogContextMdc {
  private LogContextMdc() {}

  /** Returns whether {@code context} already uses LogContext as its MDC. */
  public static boolean isInstalled(LoggerContext context) {
    return context.getMDCAdapter() instanceof LogContextMDCAdapter;
  }

  /**
   * Installs a {@link LogContextMDCAdapter} into {@code context} and {@code org.slf4j.MDC} unless
   * one is there already.
   *
   * @return null on success, else a description of what failed
   */
  public static synchronized String install(LoggerContext context) {
    if (isInstalled(context) && MDC.getMDCAdapter() instanceof LogContextMDCAdapter) {
      return null;
    }
    MDCAdapter previous = MDC.getMDCAdapter();
    Map<String, String> carried = previous == null ? null : previous.getCopyOfContextMap();
    LogContextMDCAdapter adapter =
        previous instanceof LogContextMDCAdapter
            ? (LogContextMDCAdapter) previous
            : new LogContextMDCAdapter();
    try {
      Field field = adapterField();
      field.setAccessible(true);
      field.set(null, adapter);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return "cannot replace the adapter of org.slf4j.MDC (" + e + ")";
    }
    if (!isInstalled(context)) {
      context.setMDCAdapter(adapter);
    }
    if (carried != null && !carried.isEmpty()) {
      adapter.setContextMap(carried);
    }
    return null;
  }

  private static Field adapterField() throws NoSuchFieldException {
    for (Field field : MDC.class.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == MDCAdapter.class) {
        return field;
      }
    }
    throw new NoSuchFieldException("static MDCAdapter field of org.slf4j.MDC");
  }
}
