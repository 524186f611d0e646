package dev.logcontext.spring.boot.webflux;

import dev.logcontext.spring.boot.LogContextWebProperties;
import dev.logcontext.web.HttpPropagation;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.ClassUtils;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Registers one {@code WebClientCustomizer} bean that adds {@link WebClientPropagation} to every
 * {@code WebClient.Builder} Boot hands out. The interface moved between Boot majors — {@code
 * org.springframework.boot.webclient.WebClientCustomizer} in Boot 4 (module {@code
 * spring-boot-webclient}), {@code org.springframework.boot.web.reactive.function.client
 * .WebClientCustomizer} in Boot 3 — and no jar can be compiled against both, so the bean is a
 * {@link Proxy} of whichever the application has, typed as that interface so that Boot's {@code
 * ObjectProvider<WebClientCustomizer>} finds it. With neither (no Boot WebClient support), nothing
 * is registered.
 */
final class WebClientCustomizers implements ImportBeanDefinitionRegistrar, EnvironmentAware {
  static final String BEAN_NAME = "logContextWebClientCustomizer";
  static final String[] INTERFACES = {
    "org.springframework.boot.webclient.WebClientCustomizer",
    "org.springframework.boot.web.reactive.function.client.WebClientCustomizer",
  };

  private Environment environment;

  @Override
  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  @Override
  public void registerBeanDefinitions(
      AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
    ClassLoader loader = WebClientCustomizers.class.getClassLoader();
    for (String name : INTERFACES) {
      if (ClassUtils.isPresent(name, loader)) {
        Class<?> type = ClassUtils.resolveClassName(name, loader);
        HttpPropagation propagation =
            Binder.get(environment)
                .bindOrCreate("logcontext.web", LogContextWebProperties.class)
                .propagation();
        registry.registerBeanDefinition(BEAN_NAME, definition(type, loader, propagation));
        return;
      }
    }
  }

  private static <T> RootBeanDefinition definition(
      Class<T> type, ClassLoader loader, HttpPropagation propagation) {
    return new RootBeanDefinition(type, () -> customizer(type, loader, propagation));
  }

  /** Returns a {@code WebClientCustomizer} of the given interface adding the propagation filter. */
  static <T> T customizer(Class<T> type, ClassLoader loader, HttpPropagation propagation) {
    WebClientPropagation filter = new WebClientPropagation(propagation);
    InvocationHandler handler = (proxy, method, args) -> invoke(proxy, method, args, filter);
    return type.cast(Proxy.newProxyInstance(loader, new Class<?>[] {type}, handler));
  }

  private static Object invoke(
      Object proxy, Method method, Object[] args, WebClientPropagation filter) {
    switch (method.getName()) {
      case "customize":
        ((WebClient.Builder) args[0]).filter(filter);
        return null;
      case "equals":
        return proxy == args[0];
      case "hashCode":
        return System.identityHashCode(proxy);
      case "toString":
        return "LogContextWebClientCustomizer";
      default:
        throw new UnsupportedOperationException(method.toString());
    }
  }
}
