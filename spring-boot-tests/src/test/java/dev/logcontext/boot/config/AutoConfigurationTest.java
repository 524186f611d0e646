package dev.logcontext.boot.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import dev.logcontext.spring.boot.LogContextTaskAutoConfiguration;
import dev.logcontext.spring.boot.LogContextWebProperties;
import dev.logcontext.spring.boot.servlet.LogContextServletAutoConfiguration;
import dev.logcontext.web.LogContextFilter;
import dev.logcontext.web.LogContextFilter.Field;
import dev.logcontext.web.UserResolver;
import jakarta.servlet.DispatcherType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.core.task.TaskDecorator;

/**
 * The auto-configuration in a real (not started) servlet application context: what it registers,
 * how the properties bind, how bad values are reported, and how the task decorator meets an
 * application's own on each Boot major.
 */
@SuppressWarnings("try")
class AutoConfigurationTest {
  private final WebApplicationContextRunner runner =
      new WebApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  LogContextServletAutoConfiguration.class,
                  LogContextTaskAutoConfiguration.class,
                  TaskExecutionAutoConfiguration.class));

  @AfterEach
  void contextIsEmptyAgain() {
    assertThat(LogContext.fields()).isEmpty();
  }

  @Test
  void theFilterIsRegisteredForRequestAsyncAndErrorDispatchAtHighPrecedence() {
    runner.run(
        context -> {
          FilterRegistrationBean<?> registration =
              context.getBean("logContextFilterRegistration", FilterRegistrationBean.class);
          assertThat(registration.getFilter()).isInstanceOf(LogContextFilter.class);
          assertThat(registration.determineDispatcherTypes())
              .isEqualTo(
                  EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR));
          assertThat(registration.isAsyncSupported()).isTrue();
          assertThat(registration.getOrder())
              .isEqualTo(LogContextWebProperties.DEFAULT_FILTER_ORDER);
        });
  }

  @Test
  void propertiesBindFieldNamesByField() {
    runner
        .withPropertyValues(
            "logcontext.web.field.user=user_id",
            "logcontext.web.field.request_id=req"
            , "logcontext.web.field.trace-id=trace",
            "logcontext.web.access-log=true",
            "logcontext.web.filter-order=5")
        .run(
            context -> {
              LogContextWebProperties properties = context.getBean(LogContextWebProperties.class);
              assertThat(properties.fieldName(Field.USER)).isEqualTo("user_id");
              assertThat(properties.fieldName(Field.REQUEST_ID)).isEqualTo("req");
              assertThat(properties.fieldName(Field.TRACE_ID)).isEqualTo("trace");
              assertThat(properties.fieldName(Field.CORRELATION_ID)).isEqualTo("correlation_id");
              assertThat(properties.accessLog()).isTrue();
              assertThat(
                      context
                          .getBean("logContextFilterRegistration", FilterRegistrationBean.class)
                          .getOrder())
                  .isEqualTo(5);
            });
  }

  @Test
  void aBadValueFailsTheStartNamingTheProperty() {
    Map<String, String> cases =
        Map.of(
            "logcontext.web.request-id-header=bad header", "logcontext.web.request-id-header",
            "logcontext.web.max-id-length=0", "logcontext.web.max-id-length",
            "logcontext.web.field.user=1user", "logcontext.web.field.user",
            "logcontext.web.field.user=request_id", "logcontext.web.field");
    cases.forEach(
        (property, named) ->
            runner
                .withPropertyValues(property)
                .run(
                    context ->
                        assertThat(context)
                            .as(property)
                            .getFailure()
                            .hasStackTraceContaining("IllegalArgumentException: " + named)));
  }

  @Test
  void theFilterCanBeTurnedOff() {
    runner
        .withPropertyValues("logcontext.web.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean("logContextFilterRegistration"));
  }

  @Test
  void springSecuritysPrincipalIsBoundUnlessTheApplicationResolvesTheUser() {
    runner.run(
        context -> assertThat(context).hasBean("logContextSecurityUserFilterRegistration"));
    runner
        .withPropertyValues("logcontext.web.user=none")
        .run(
            context -> assertThat(context).doesNotHaveBean("logContextSecurityUserFilterRegistration"));
    runner
        .withBean(UserResolver.class, UserResolver::remoteUser)
        .run(
            context -> assertThat(context).doesNotHaveBean("logContextSecurityUserFilterRegistration"));
  }

  @Test
  void tasksOfBootsExecutorRunInTheSubmittersContextAndLeaveNothingBehind() {
    runner.run(
        context -> {
          AsyncTaskExecutor executor =
              context.getBean("applicationTaskExecutor", AsyncTaskExecutor.class);
          List<Object> seen = Collections.synchronizedList(new ArrayList<>());
          for (int i = 0; i < 200; i++) {
            try (Scope scope = LogContext.with("task", i)) {
              executor.submit(() -> seen.add(LogContext.get("task"))).get(1, TimeUnit.MINUTES);
            }
            executor.submit(() -> seen.add(LogContext.fields())).get(1, TimeUnit.MINUTES);
          }
          for (int i = 0; i < 200; i++) {
            assertThat(seen.get(2 * i)).as("task %d", i).isEqualTo(i);
            assertThat(seen.get(2 * i + 1)).as("the task after task %d", i).isEqualTo(Map.of());
          }
        });
  }

  @Test
  void anApplicationsOwnDecoratorKeepsWorking() {
    boolean boot4 = "4".equals(System.getProperty("boot.major"));
    runner
        .withBean(
            "ownDecorator",
            TaskDecorator.class,
            () -> task -> () -> LogContext.with("own", true).run(task))
        .run(
            context -> {
              AsyncTaskExecutor executor =
                  context.getBean("applicationTaskExecutor", AsyncTaskExecutor.class);
              CompletableFuture<Map<String, Object>> fields = new CompletableFuture<>();
              try (Scope scope = LogContext.with("request_id", "r-1")) {
                executor.execute(() -> fields.complete(LogContext.fields()));
              }
              Map<String, Object> seen = fields.get(1, TimeUnit.MINUTES);
              assertThat(seen).as("the application's decorator ran").containsEntry("own", true);
              if (boot4) {
                assertThat(seen).as("Boot 4 combines both").containsEntry("request_id", "r-1");
              } else {
                assertThat(context)
                    .as("Boot 3.5 applies one decorator only: ours stands back")
                    .doesNotHaveBean("logContextTaskDecorator");
              }
            });
  }
}
