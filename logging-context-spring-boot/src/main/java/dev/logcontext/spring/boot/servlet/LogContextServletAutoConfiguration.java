package dev.logcontext.spring.boot.servlet;

import dev.logcontext.spring.boot.LogContextWebProperties;
import dev.logcontext.spring.boot.LogContextWebProperties.User;
import dev.logcontext.web.LogContextFilter;
import dev.logcontext.web.LogContextFilter.Field;
import dev.logcontext.web.UserResolver;
import jakarta.servlet.DispatcherType;
import java.util.Locale;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.ClassUtils;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Registers {@link LogContextFilter} in a servlet application, configured from {@link
 * LogContextWebProperties}: for every URL, for the {@code REQUEST}, {@code ASYNC} and {@code ERROR}
 * dispatches (so that the lines of Spring MVC's {@code Callable} and {@code DeferredResult}
 * completions and of Boot's error page carry the request's ids), async-supported, at {@code
 * logcontext.web.filter-order}. An application bean named {@code logContextFilterRegistration}
 * replaces the registration; {@code logcontext.web.enabled=false} turns it off.
 *
 * <p>The user field: a {@link UserResolver} bean of the application wins; else {@code
 * logcontext.web.user}; unset, Spring Security's authenticated principal when Spring Security is on
 * the class path. Spring Security authenticates inside its own filter chain, after this filter
 * bound the request's ids, so the principal is bound by a second filter registered right behind
 * Spring Security's ({@code spring.security.filter.order} + 1): the lines of the controller and of
 * the work it hands on carry the user, the lines Spring Security writes itself and the access line
 * do not.
 *
 * <p>With Spring MVC, a {@code Callable} returned by a controller runs in the controller's context
 * on whichever executor Spring MVC uses, and the worker's own context is restored before the result
 * is dispatched.
 *
 * <p>Thread-safety: configuration, run once by Spring at start-up. Bad input: a bad property fails
 * the start-up with an error naming it.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({LogContextFilter.class, FilterRegistrationBean.class})
@ConditionalOnProperty(
    prefix = "logcontext.web",
    name = "enabled",
    havingValue = "true",
    matchIfMissing = true)
@EnableConfigurationProperties(LogContextWebProperties.class)
public final class LogContextServletAutoConfiguration {
  private static final String SECURITY_CONTEXT_HOLDER =
      "org.springframework.security.core.context.SecurityContextHolder";

  /** Created by Spring. */
  public LogContextServletAutoConfiguration() {}

  /**
   * Returns the filter's registration.
   *
   * @param properties the {@code logcontext.web.*} properties
   * @param userResolver the application's resolver, if any
   */
  @Bean
  @ConditionalOnMissingBean(name = "logContextFilterRegistration")
  public FilterRegistrationBean<LogContextFilter> logContextFilterRegistration(
      LogContextWebProperties properties, ObjectProvider<UserResolver> userResolver) {
    LogContextFilter.Builder builder = properties.filterBuilder();
    UserResolver own = userResolver.getIfUnique();
    if (own != null) {
      builder.userResolver(own);
    } else {
      switch (user(properties)) {
        case REMOTE_USER -> builder.userResolver(UserResolver.remoteUser());
        case PRINCIPAL_NAME -> builder.userResolver(UserResolver.principalName());
        default -> builder.userResolver(UserResolver.none());
      }
    }
    LogContextFilter filter;
    try {
      filter = builder.build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("logcontext.web.field: " + e.getMessage(), e);
    }
    return registration(filter, "logContextFilter", properties.filterOrder());
  }

  /** Runs Spring MVC's {@code Callable}s in the context of the controller that returned them. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.web.servlet.config.annotation.WebMvcConfigurer")
  static final class SpringMvcConfiguration {
    @Bean
    WebMvcConfigurer logContextCallables() {
      return new CallableContext();
    }
  }

  /**
   * Registers the filter that binds Spring Security's principal, when {@code logcontext.web.user}
   * is {@code spring-security} or unset, Spring Security is present and the application has no
   * {@link UserResolver} of its own.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = SECURITY_CONTEXT_HOLDER)
  @ConditionalOnMissingBean(UserResolver.class)
  @Conditional(UserFromSpringSecurity.class)
  static final class SecurityUserConfiguration {
    @Bean
    @ConditionalOnMissingBean(name = "logContextSecurityUserFilterRegistration")
    FilterRegistrationBean<?> logContextSecurityUserFilterRegistration(
        LogContextWebProperties properties, Environment environment) {
      int securityOrder =
          environment.getProperty("spring.security.filter.order", Integer.class, -100);
      return registration(
          SecurityUser.filter(properties.fieldName(Field.USER)),
          "logContextSecurityUserFilter",
          securityOrder + 1);
    }
  }

  /** Whether {@code logcontext.web.user} is unset or {@code spring-security}. */
  static final class UserFromSpringSecurity implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      String value = context.getEnvironment().getProperty("logcontext.web.user");
      return value == null
          || value
              .toLowerCase(Locale.ROOT)
              .replace("-", "")
              .replace("_", "")
              .equals("springsecurity");
    }
  }

  private static User user(LogContextWebProperties properties) {
    boolean security =
        ClassUtils.isPresent(
            SECURITY_CONTEXT_HOLDER, LogContextServletAutoConfiguration.class.getClassLoader());
    if (properties.user() == null) {
      return security ? User.SPRING_SECURITY : User.NONE;
    }
    if (properties.user() == User.SPRING_SECURITY && !security) {
      throw new IllegalArgumentException(
          "logcontext.web.user: spring-security needs Spring Security on the class path");
    }
    return properties.user();
  }

  private static <T extends jakarta.servlet.Filter> FilterRegistrationBean<T> registration(
      T filter, String name, int order) {
    FilterRegistrationBean<T> registration = new FilterRegistrationBean<>(filter);
    registration.setName(name);
    registration.setDispatcherTypes(
        DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
    registration.setAsyncSupported(true);
    registration.setOrder(order);
    return registration;
  }
}
