package dev.logcontext.logback;

import ch.qos.logback.classic.LoggerContext;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Map;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The fallback for applications that run on Logback's own SLF4J provider: installs a {@link
 * LogContextMDCAdapter} into a running Logback {@code LoggerContext}, into {@code org.slf4j.MDC}
 * and into the SLF4J provider that owns the context. {@link LogContextJsonEncoder} calls it when it
 * starts and finds Logback's own adapter, which is usually while Logback configures itself on the
 * first use of SLF4J.
 *
 * <p>It records nothing and prints nothing: the encoder reports the installation as an INFO status
 * (shown by {@code <configuration debug="true">}, never printed on its own). The three places are
 * replaced by reflection, without {@code LoggerContext.setMDCAdapter}, which would record Logback's
 * "mdcAdapter being reset a second time" warning and so make Logback print its whole status log.
 * Replacing the provider's adapter too makes the result independent of what the application did
 * first: an {@code MDC.put} that is the first use of SLF4J (SLF4J then asks the provider for its
 * adapter after Logback has configured itself) gets LogContext's adapter as well.
 *
 * <p>Limits, compared with {@link LogContextServiceProvider}: it needs reflective access to {@code
 * org.slf4j} and {@code ch.qos.logback.classic} (the class path, or a module path where both are
 * opened); logging and turbo filters before it runs used Logback's adapter; of what the old adapter
 * held, only the installing thread's fields are carried over.
 *
 * <p>Thread-safety: call it during start-up. Bad input: none; failures are returned, not thrown,
 * and nothing is changed when a field cannot be reached.
 */
public final class LogContextMdc {
  private LogContextMdc() {}

  /** Returns whether {@code context} already uses LogContext as its MDC. */
  public static boolean isInstalled(LoggerContext context) {
    return context.getMDCAdapter() instanceof LogContextMDCAdapter;
  }

  /**
   * Installs a {@link LogContextMDCAdapter} into {@code context}, {@code org.slf4j.MDC} and the
   * SLF4J provider whose adapter {@code MDC} holds, unless one is there already.
   *
   * @return null on success, else a description of what failed
   */
  public static synchronized String install(LoggerContext context) {
    Field mdcField;
    Field contextField;
    Field providerField;
    SLF4JServiceProvider provider;
    MDCAdapter previous;
    try {
      mdcField = accessible(staticField(MDC.class, MDCAdapter.class));
      contextField = accessible(instanceField(LoggerContext.class, MDCAdapter.class));
      // Read the field, not MDC.getMDCAdapter(): during SLF4J's initialization that would bind a
      // temporary adapter and make SLF4J report it on the console.
      previous = (MDCAdapter) mdcField.get(null);
      provider =
          (SLF4JServiceProvider)
              accessible(staticField(LoggerFactory.class, SLF4JServiceProvider.class)).get(null);
      providerField = providerAdapterField(provider, previous, context.getMDCAdapter());
    } catch (ReflectiveOperationException | RuntimeException e) {
      return "cannot reach the MDC adapters of org.slf4j.MDC and Logback (" + e + ")";
    }
    if (isInstalled(context) && previous instanceof LogContextMDCAdapter && providerField == null) {
      return null;
    }
    LogContextMDCAdapter adapter =
        previous instanceof LogContextMDCAdapter
            ? (LogContextMDCAdapter) previous
            : isInstalled(context)
                ? (LogContextMDCAdapter) context.getMDCAdapter()
                : new LogContextMDCAdapter();
    Map<String, String> carried =
        previous == null || previous == adapter ? null : previous.getCopyOfContextMap();
    try {
      mdcField.set(null, adapter);
      contextField.set(context, adapter);
      if (providerField != null) {
        providerField.set(provider, adapter);
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      return "cannot replace the MDC adapters of org.slf4j.MDC and Logback (" + e + ")";
    }
    if (carried != null && !carried.isEmpty()) {
      adapter.setContextMap(carried);
    }
    return null;
  }

  /**
   * The field of {@code provider} that holds one of the adapters being replaced, if the provider
   * would hand it out again (Logback's {@code LogbackServiceProvider.mdcAdapter}), else null.
   */
  private static Field providerAdapterField(
      SLF4JServiceProvider provider, MDCAdapter inMdc, MDCAdapter inContext)
      throws IllegalAccessException {
    if (provider == null || provider instanceof LogContextServiceProvider) {
      return null;
    }
    for (Class<?> type = provider.getClass(); type != Object.class; type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        int modifiers = field.getModifiers();
        if (!Modifier.isStatic(modifiers)
            && !Modifier.isFinal(modifiers)
            && MDCAdapter.class.isAssignableFrom(field.getType())
            && field.getType().isAssignableFrom(LogContextMDCAdapter.class)) {
          Object value = accessible(field).get(provider);
          if (value != null
              && !(value instanceof LogContextMDCAdapter)
              && (value == inMdc || value == inContext)) {
            return field;
          }
        }
      }
    }
    return null;
  }

  private static Field staticField(Class<?> owner, Class<?> type) throws NoSuchFieldException {
    for (Field field : owner.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers())
          && !Modifier.isFinal(field.getModifiers())
          && field.getType() == type) {
        return field;
      }
    }
    throw new NoSuchFieldException("static " + type.getSimpleName() + " field of " + owner);
  }

  private static Field instanceField(Class<?> owner, Class<?> type) throws NoSuchFieldException {
    for (Field field : owner.getDeclaredFields()) {
      if (!Modifier.isStatic(field.getModifiers())
          && !Modifier.isFinal(field.getModifiers())
          && field.getType() == type) {
        return field;
      }
    }
    throw new NoSuchFieldException(type.getSimpleName() + " field of " + owner);
  }

  private static Field accessible(Field field) {
    field.setAccessible(true);
    return field;
  }
}
