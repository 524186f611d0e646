package dev.logcontext.spring.boot.client;

import dev.logcontext.spring.boot.LogContextWebProperties;
import dev.logcontext.web.HttpPropagation;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.Consumer;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.util.ClassUtils;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/**
 * Makes every {@code RestClient} built from Boot's {@code RestClient.Builder} and every {@code
 * RestTemplate} built from Boot's {@code RestTemplateBuilder} send the current context's
 * correlation id and {@code traceparent} (as {@code ContextHttp} does for {@code java.net.http}),
 * with the header and field names of {@link LogContextWebProperties}. A header the caller set
 * itself is kept. Turned off by {@code logcontext.web.client-propagation=false}.
 *
 * <p>Boot's customizer interfaces moved between 3.5 ({@code org.springframework.boot.web.client})
 * and 4.0 ({@code org.springframework.boot.restclient}): this class is compiled against Boot 4's,
 * and registers Boot 3.5's by name, each only when its class is present.
 *
 * <p>Thread-safety: configuration, run once by Spring at start-up; the interceptor it adds is
 * immutable. Bad input: a bad {@code logcontext.web.*} property fails the start-up with an error
 * naming it.
 */
@AutoConfiguration
@ConditionalOnClass({HttpPropagation.class, RestClient.class})
@ConditionalOnProperty(
    prefix = "logcontext.web",
    name = "client-propagation",
    havingValue = "true",
    matchIfMissing = true)
@EnableConfigurationProperties(LogContextWebProperties.class)
public final class LogContextClientAutoConfiguration {
  static final String INTERCEPTOR_BEAN = "logContextClientHttpRequestInterceptor";

  /** Created by Spring. */
  public LogContextClientAutoConfiguration() {}

  /**
   * Returns the interceptor the customizers add.
   *
   * @param properties the {@code logcontext.web.*} properties
   */
  @Bean(name = INTERCEPTOR_BEAN)
  ClientHttpRequestInterceptor logContextClientHttpRequestInterceptor(
      LogContextWebProperties properties) {
    return new PropagatingInterceptor(properties.propagation());
  }

  /** Boot 4's customizers. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.restclient.RestClientCustomizer")
  static final class Boot4 {
    @Bean
    RestClientCustomizer logContextRestClientCustomizer(BeanFactory beans) {
      return builder -> builder.requestInterceptor(interceptor(beans));
    }

    @Bean
    RestTemplateCustomizer logContextRestTemplateCustomizer(BeanFactory beans) {
      return template -> template.getInterceptors().add(interceptor(beans));
    }
  }

  /** Boot 3.5's customizers, registered by name. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = Boot3Customizers.REST_CLIENT_CUSTOMIZER)
  @Import(Boot3Customizers.class)
  static final class Boot3 {}

  /** Registers beans implementing Boot 3.5's customizer interfaces through proxies. */
  static final class Boot3Customizers implements ImportBeanDefinitionRegistrar, BeanFactoryAware {
    static final String REST_CLIENT_CUSTOMIZER =
        "org.springframework.boot.web.client.RestClientCustomizer";
    static final String REST_TEMPLATE_CUSTOMIZER =
        "org.springframework.boot.web.client.RestTemplateCustomizer";

    private BeanFactory beans;

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
      this.beans = beanFactory;
    }

    @Override
    public void registerBeanDefinitions(
        AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
      ClassLoader loader = Boot3Customizers.class.getClassLoader();
      BeanFactory factory = beans;
      register(
          registry,
          loader,
          REST_CLIENT_CUSTOMIZER,
          "logContextRestClientCustomizer",
          (RestClient.Builder builder) -> builder.requestInterceptor(interceptor(factory)),
          RestClient.Builder.class);
      register(
          registry,
          loader,
          REST_TEMPLATE_CUSTOMIZER,
          "logContextRestTemplateCustomizer",
          (RestTemplate template) -> template.getInterceptors().add(interceptor(factory)),
          RestTemplate.class);
    }

    private static <T> void register(
        BeanDefinitionRegistry registry,
        ClassLoader loader,
        String interfaceName,
        String beanName,
        Consumer<T> customize,
        Class<T> argumentType) {
      if (!ClassUtils.isPresent(interfaceName, loader)
          || registry.containsBeanDefinition(beanName)) {
        return;
      }
      Class<?> type = ClassUtils.resolveClassName(interfaceName, loader);
      RootBeanDefinition definition = new RootBeanDefinition();
      definition.setTargetType(type);
      definition.setBeanClass(type);
      definition.setInstanceSupplier(
          () ->
              Proxy.newProxyInstance(
                  loader, new Class<?>[] {type}, new Customizer<>(customize, argumentType)));
      registry.registerBeanDefinition(beanName, definition);
    }
  }

  /** A customizer interface's one method, {@code customize(T)}, as a {@link Consumer}. */
  private static final class Customizer<T> implements InvocationHandler {
    private final Consumer<T> customize;
    private final Class<T> argumentType;

    Customizer(Consumer<T> customize, Class<T> argumentType) {
      this.customize = customize;
      this.argumentType = argumentType;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
      switch (method.getName()) {
        case "equals":
          return proxy == args[0];
        case "hashCode":
          return System.identityHashCode(proxy);
        case "toString":
          return "LogContext " + proxy.getClass().getInterfaces()[0].getSimpleName();
        default:
          break;
      }
      if (args != null && args.length == 1 && argumentType.isInstance(args[0])) {
        customize.accept(argumentType.cast(args[0]));
        return null;
      }
      throw new UnsupportedOperationException(method.toString());
    }
  }

  private static ClientHttpRequestInterceptor interceptor(BeanFactory beans) {
    return beans.getBean(INTERCEPTOR_BEAN, ClientHttpRequestInterceptor.class);
  }
}
