package dev.logcontext.spring.boot;

import dev.logcontext.LogContext;
import org.springframework.core.task.TaskDecorator;

/**
 * A {@link TaskDecorator} that runs each task in the context of the thread that submitted it, and
 * restores the worker's own context afterwards, so that nothing bound by one task is seen by the
 * next. {@link LogContextTaskAutoConfiguration} applies it to Boot's auto-configured executors and
 * schedulers; create one yourself to combine it with a decorator of your own on Boot 3.5, which
 * applies a single decorator bean only:
 *
 * <pre>{@code
 * @Bean
 * TaskDecorator taskDecorator() {
 *   return new CompositeTaskDecorator(List.of(new LogContextTaskDecorator(), myDecorator));
 * }
 * }</pre>
 *
 * <p>Thread-safety: stateless; executors call it concurrently. Bad input: a null task throws {@link
 * NullPointerException} when decorated.
 */
public final class LogContextTaskDecorator implements TaskDecorator {
  /** Creates the decorator. */
  public LogContextTaskDecorator() {}

  /** Returns {@code runnable} bound to the calling thread's current context. */
  @Override
  public Runnable decorate(Runnable runnable) {
    return LogContext.capture().wrap(runnable);
  }
}
