package dev.logcontext.boot.tests;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Logs every dispatch Spring MVC handles: REQUEST, ASYNC, and ERROR for Boot's error page. */
@Configuration(proxyBeanMethods = false)
public class DispatchLog implements WebMvcConfigurer {
  private static final Logger log = LoggerFactory.getLogger("shop.dispatch");

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(
        new HandlerInterceptor() {
          @Override
          public boolean preHandle(
              HttpServletRequest request, HttpServletResponse response, Object handler) {
            Object errorUri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
            log.info(
                "dispatch {} {}",
                request.getDispatcherType(),
                errorUri != null ? errorUri : request.getRequestURI());
            return true;
          }
        });
  }
}
