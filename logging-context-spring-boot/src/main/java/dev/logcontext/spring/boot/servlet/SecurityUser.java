package dev.logcontext.spring.boot.servlet;

import dev.logcontext.LogContext;
import dev.logcontext.Scope;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** The filter that binds Spring Security's principal; loaded only with Spring Security present. */
final class SecurityUser {
  private SecurityUser() {}

  static Filter filter(String fieldName) {
    return new PrincipalFilter(fieldName);
  }

  /**
   * Binds the name of the authenticated principal (not an anonymous one) for the rest of the chain.
   */
  private static final class PrincipalFilter implements Filter {
    private final AuthenticationTrustResolver trust = new AuthenticationTrustResolverImpl();
    private final String fieldName;

    PrincipalFilter(String fieldName) {
      this.fieldName = fieldName;
    }

    @Override
    @SuppressWarnings("try") // the scope only binds the user for the chain
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
      if (authentication == null || !trust.isAuthenticated(authentication)) {
        chain.doFilter(request, response);
        return;
      }
      try (Scope scope = LogContext.with(fieldName, authentication.getName())) {
        chain.doFilter(request, response);
      }
    }
  }
}
