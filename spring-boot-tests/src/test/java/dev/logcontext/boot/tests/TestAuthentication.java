package dev.logcontext.boot.tests;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Stands in for Spring Security's filter chain, at its order (-100): a request with an {@code
 * X-User} header is authenticated as that user in Spring Security's context for the rest of the
 * chain.
 */
@Configuration(proxyBeanMethods = false)
public class TestAuthentication {
  @Bean
  FilterRegistrationBean<Filter> testAuthenticationFilter() {
    Filter filter =
        (request, response, chain) -> {
          String user = ((HttpServletRequest) request).getHeader("X-User");
          if (user == null) {
            chain.doFilter(request, response);
            return;
          }
          SecurityContextHolder.getContext()
              .setAuthentication(
                  UsernamePasswordAuthenticationToken.authenticated(user, null, List.of()));
          try {
            chain.doFilter(request, response);
          } finally {
            SecurityContextHolder.clearContext();
          }
        };
    FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(filter);
    registration.setOrder(-100);
    return registration;
  }
}
