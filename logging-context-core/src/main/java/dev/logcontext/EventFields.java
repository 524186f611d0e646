package dev.logcontext;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The context a logging event carries: the current snapshot plus the fields of every {@link
 * EventFieldSource}. Backend bridges call {@link #capture()} where an event is created, in place of
 * {@link LogContext#capture()}; nothing else needs to.
 *
 * <p>Sources come from two places, asked in this order: every provider of {@link EventFieldSource}
 * found through {@link ServiceLoader} ({@code META-INF/services/dev.logcontext.EventFieldSource},
 * looked up once, at the first capture), then the sources {@linkplain #install installed} by code,
 * in installation order. Without any source, {@link #capture()} is {@link LogContext#capture()}
 * plus one volatile read.
 *
 * <p><b>Thread safety.</b> All methods are thread-safe; installing and closing a registration are
 * meant for start-up, shut-down and tests, and a capture running concurrently sees either the old
 * or the new set of sources. <b>Bad input.</b> A failing source is contained as {@link
 * EventFieldSource} says; {@link #install} throws {@link NullPointerException} for a null source. A
 * provider that {@link ServiceLoader} cannot load is skipped.
 */
public final class EventFields {
  /**
   * The field an event gets when a source threw (or returned null): {@code [<source class> threw
   * <exception class>]}.
   */
  public static final String FAILURE_FIELD = "event_fields_error";

  private EventFields() {}

  /**
   * Returns the context of an event created now on the calling thread: {@link LogContext#capture()}
   * with every source's fields. Never null, never throws (but for {@link VirtualMachineError}s
   * other than {@link StackOverflowError}).
   */
  public static Snapshot capture() {
    Snapshot context = ContextStorage.current();
    EventFieldSource[] sources = Sources.current();
    return sources.length == 0 ? context : Sources.apply(context, sources);
  }

  /**
   * Returns whether any source is installed or was discovered: whether {@link #capture()} may add
   * fields to {@link LogContext#capture()}.
   */
  public static boolean hasSources() {
    return Sources.current().length > 0;
  }

  /**
   * Adds {@code source} after the discovered sources and those installed before; closing the
   * returned registration removes it again (idempotent). Events created before keep what they got.
   */
  public static Registration install(EventFieldSource source) {
    return Sources.install(Objects.requireNonNull(source, "source"));
  }

  /**
   * An installed source; {@link #close()} removes it. Thread-safe: it may be closed from any
   * thread, any number of times.
   */
  public interface Registration extends AutoCloseable {
    /** Removes the source; later events no longer get its fields. Idempotent; never throws. */
    @Override
    void close();
  }

  /**
   * The active sources: the discovered ones, then the installed ones. {@link #active} is mutable
   * static state (one volatile array reference, replaced whole), so that sources can be installed
   * by code, for example by a framework that owns the tracer, and removed in tests.
   */
  static final class Sources {
    private static final EventFieldSource[] NONE = new EventFieldSource[0];

    /** Discovered then installed sources; null until the discovery ran. */
    private static volatile EventFieldSource[] active;

    /** The installed registrations, in order; guarded by {@code Sources.class}. */
    private static final List<Installed> INSTALLED = new ArrayList<>();

    private Sources() {}

    static EventFieldSource[] current() {
      EventFieldSource[] sources = active;
      return sources != null ? sources : resolve();
    }

    private static synchronized EventFieldSource[] resolve() {
      EventFieldSource[] discovered = Discovered.SOURCES;
      if (discovered == null) {
        // A provider logged while being loaded: that event gets no source fields.
        return NONE;
      }
      EventFieldSource[] sources = combine(discovered);
      active = sources;
      return sources;
    }

    private static EventFieldSource[] combine(EventFieldSource[] discovered) {
      if (INSTALLED.isEmpty()) {
        return discovered;
      }
      EventFieldSource[] all = new EventFieldSource[discovered.length + INSTALLED.size()];
      System.arraycopy(discovered, 0, all, 0, discovered.length);
      for (int i = 0; i < INSTALLED.size(); i++) {
        all[discovered.length + i] = INSTALLED.get(i).source;
      }
      return all;
    }

    static synchronized Registration install(EventFieldSource source) {
      Installed registration = new Installed(source);
      INSTALLED.add(registration);
      refresh();
      return registration;
    }

    static synchronized void remove(Installed registration) {
      if (INSTALLED.remove(registration)) {
        refresh();
      }
    }

    private static void refresh() {
      EventFieldSource[] discovered = Discovered.SOURCES;
      active = combine(discovered != null ? discovered : NONE);
    }

    /**
     * Applies {@code sources} to {@code context}, each failure contained; an event logged by a
     * source on this thread gets the plain context.
     */
    static Snapshot apply(Snapshot context, EventFieldSource[] sources) {
      ThreadState state = ContextStorage.state();
      if (state.addingEventFields) {
        return context;
      }
      state.addingEventFields = true;
      try {
        Snapshot result = context;
        for (EventFieldSource source : sources) {
          result = applyOne(source, result);
        }
        return result;
      } finally {
        state.addingEventFields = false;
      }
    }

    private static Snapshot applyOne(EventFieldSource source, Snapshot context) {
      Throwable failure;
      try {
        Snapshot next = source.addFields(context);
        if (next != null) {
          return next;
        }
        failure = new NullPointerException("addFields returned null");
      } catch (StackOverflowError e) {
        failure = e;
      } catch (VirtualMachineError e) {
        throw e;
      } catch (Throwable e) {
        failure = e;
      }
      return context.withNormalized(
          FAILURE_FIELD,
          "[" + source.getClass().getName() + " threw " + failure.getClass().getName() + "]");
    }
  }

  /** One installed source; identity matters, so that installing the same source twice works. */
  private static final class Installed implements Registration {
    final EventFieldSource source;

    Installed(EventFieldSource source) {
      this.source = source;
    }

    @Override
    public void close() {
      Sources.remove(this);
    }
  }

  /** Looks the providers up once, at the first capture (the class-holder idiom). */
  private static final class Discovered {
    static final EventFieldSource[] SOURCES = load();

    private static EventFieldSource[] load() {
      List<EventFieldSource> found = new ArrayList<>();
      List<Class<?>> seen = new ArrayList<>();
      addAll(Thread.currentThread().getContextClassLoader(), found, seen);
      addAll(EventFieldSource.class.getClassLoader(), found, seen);
      return found.toArray(new EventFieldSource[0]);
    }

    private static void addAll(
        ClassLoader loader, List<EventFieldSource> found, List<Class<?>> seen) {
      try {
        Iterator<EventFieldSource> providers =
            ServiceLoader.load(EventFieldSource.class, loader).iterator();
        while (providers.hasNext()) {
          try {
            EventFieldSource source = providers.next();
            if (!seen.contains(source.getClass())) {
              seen.add(source.getClass());
              found.add(source);
            }
          } catch (ServiceConfigurationError | LinkageError e) {
            // A provider that cannot be loaded (its tracer missing, say) is skipped.
          }
        }
      } catch (ServiceConfigurationError | LinkageError e) {
        // A broken service file or provider class: no more sources from this loader.
      }
    }
  }
}
