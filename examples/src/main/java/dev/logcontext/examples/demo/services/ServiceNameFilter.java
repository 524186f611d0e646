package dev.logcontext.examples.demo.services;

import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;

/**
 * Binds {@code service=<name>} around the rest of the chain. It sits in front of {@link
 * dev.logcontext.web.LogContextFilter}, so the snapshot that filter captures for the request (and
 * its access line) includes the service name: in a real deployment each service would set this as a
 * static field of its encoder instead; here two services share one JVM and one Logback.
 */
final class ServiceNameFilter implements Filter {
  private final String service;

  ServiceNameFilter(String service) {
    this.service = service;
  }

  @Override
  @SuppressWarnings("try") // the scope only binds the field for the rest of the chain
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    try (Scope scope = LogContext.with("service", service)) {
      chain.doFilter(request, response);
    }
  }
}
