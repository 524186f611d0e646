package dev.logcontext.spring.boot;

import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Registers a {@link LogContextTaskDecorator} bean, which Boot applies to the executors and
 * schedulers it configures ({@code applicationTaskExecutor} for {@code @Async} and Spring MVC's
 * {@code Callable}s, the {@code taskScheduler} for {@code @Scheduled}, pooled or on virtual threads
 * with {@code spring.threads.virtual.enabled}). Turned off by {@code
 * logcontext.task-decorator.enabled=false}.
 *
 * <p>Boot 4 combines every {@code TaskDecorator} bean, so the decorator is always added. Boot 3.5
 * applies a decorator only when exactly one bean exists: there the decorator is added only when the
 * application defines none, and an application with its own combines both (see {@link
 * LogContextTaskDecorator}).
 *
 * <p>Thread-safety: configuration, run once by Spring at start-up. Bad input: none.
 */
@AutoConfiguration(
    before = {TaskExecutionAutoConfiguration.class, TaskSchedulingAutoConfiguration.class})
@ConditionalOnProperty(
    prefix = "logcontext.task-decorator",
    name = "enabled",
    havingValue = "true",
    matchIfMissing = true)
public final class LogContextTaskAutoConfiguration {
  /** Created by Spring. */
  public LogContextTaskAutoConfiguration() {}

  @Configuration(proxyBeanMethods = false)
  @Conditional(ComposesTaskDecorators.class)
  static final class Composed {
    @Bean
    LogContextTaskDecorator logContextTaskDecorator() {
      return new LogContextTaskDecorator();
    }
  }

  @Configuration(proxyBeanMethods = false)
  @Conditional(SingleTaskDecorator.class)
  static final class Single {
    @Bean
    @ConditionalOnMissingBean(TaskDecorator.class)
    LogContextTaskDecorator logContextTaskDecorator() {
      return new LogContextTaskDecorator();
    }
  }

  /** Whether this Boot combines all {@code TaskDecorator} beans (Boot 4 and later). */
  static boolean composesTaskDecorators() {
    String version = SpringBootVersion.getVersion();
    if (version == null) {
      return false;
    }
    int dot = version.indexOf('.');
    try {
      return Integer.parseInt(dot < 0 ? version : version.substring(0, dot)) >= 4;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  static final class ComposesTaskDecorators implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      return composesTaskDecorators();
    }
  }

  static final class SingleTaskDecorator implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      return !composesTaskDecorators();
    }
  }
}
