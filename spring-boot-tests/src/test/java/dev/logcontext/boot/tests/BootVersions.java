package dev.logcontext.boot.tests;

import org.springframework.context.ApplicationContext;
import org.springframework.util.ClassUtils;
import org.springframework.web.client.RestTemplate;

/** What the test application needs of the classes that moved between Boot 3.5 and Boot 4. */
final class BootVersions {
  private static final String[] REST_TEMPLATE_BUILDERS = {
    "org.springframework.boot.restclient.RestTemplateBuilder",
    "org.springframework.boot.web.client.RestTemplateBuilder"
  };

  private BootVersions() {}

  /** A RestTemplate from Boot's auto-configured RestTemplateBuilder, whichever Boot this is. */
  static RestTemplate restTemplate(ApplicationContext context) {
    for (String name : REST_TEMPLATE_BUILDERS) {
      if (ClassUtils.isPresent(name, BootVersions.class.getClassLoader())) {
        Object builder = context.getBean(ClassUtils.resolveClassName(name, null));
        try {
          return (RestTemplate) builder.getClass().getMethod("build").invoke(builder);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    throw new IllegalStateException("no RestTemplateBuilder");
  }
}
