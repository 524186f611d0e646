package dev.logcontext.spring.boot.servlet;

import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import dev.logcontext.Snapshot;
import java.util.concurrent.Callable;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.async.CallableProcessingInterceptor;
import org.springframework.web.servlet.config.annotation.AsyncSupportConfigurer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Runs a Spring MVC {@code Callable} in the context of the controller that returned it, on
 * whichever executor Spring MVC uses (Boot 4 keeps Spring MVC's own), and restores the worker's
 * context before the result is dispatched. Loaded only with Spring MVC present.
 */
final class CallableContext implements CallableProcessingInterceptor, WebMvcConfigurer {
  private static final String SNAPSHOT = CallableContext.class.getName() + ".snapshot";
  private static final String SCOPE = CallableContext.class.getName() + ".scope";

  CallableContext() {}

  @Override
  public void configureAsyncSupport(AsyncSupportConfigurer configurer) {
    configurer.registerCallableInterceptors(this);
  }

  @Override
  public <T> void beforeConcurrentHandling(NativeWebRequest request, Callable<T> task) {
    request.setAttribute(SNAPSHOT, LogContext.capture(), RequestAttributes.SCOPE_REQUEST);
  }

  @Override
  public <T> void preProcess(NativeWebRequest request, Callable<T> task) {
    if (request.getAttribute(SNAPSHOT, RequestAttributes.SCOPE_REQUEST)
        instanceof Snapshot snapshot) {
      request.setAttribute(SCOPE, snapshot.attach(), RequestAttributes.SCOPE_REQUEST);
    }
  }

  @Override
  public <T> void postProcess(NativeWebRequest request, Callable<T> task, Object result) {
    if (request.getAttribute(SCOPE, RequestAttributes.SCOPE_REQUEST) instanceof Scope scope) {
      request.removeAttribute(SCOPE, RequestAttributes.SCOPE_REQUEST);
      scope.close();
    }
  }
}
