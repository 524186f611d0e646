package dev.logcontext.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Binds context fields for every test of the annotated class, or for the annotated test method,
 * through {@link LogContextExtension} (which the annotation registers).
 *
 * <p>Each entry is {@code key=value}, split at the first {@code =}. The value is typed the way a
 * JSON reader would type it: {@code true} and {@code false} become {@link Boolean}s, an integer
 * such as {@code 42} or {@code -7} becomes a {@link Long} (a {@link java.math.BigInteger} beyond
 * its range), a decimal such as {@code 1.50} or {@code 2e3} becomes a {@link java.math.BigDecimal}
 * (exact, scale kept), and anything else, including {@code 042}, {@code +1} and the empty string,
 * stays a {@link String}.
 *
 * <p>The fields are bound before {@code @BeforeEach} methods run and unbound after
 * {@code @AfterEach} methods, on the test's thread. A method annotation adds to the class
 * annotation and overrides a key they share; on a {@code @Nested} class the enclosing classes'
 * fields come first.
 *
 * <p>Bad input: an entry without {@code =} or with a key that {@link
 * dev.logcontext.ContextKey#isValidName(String)} rejects fails the test with a {@link
 * org.junit.jupiter.api.extension.ExtensionConfigurationException} naming the entry.
 *
 * <p>Example: {@code @WithLogContext({"tenant=acme", "user_id=42", "beta=true"})} on a test method
 * binds {@code tenant} to {@code "acme"}, {@code user_id} to {@code 42L} and {@code beta} to {@code
 * Boolean.TRUE} while that test runs.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(LogContextExtension.class)
public @interface WithLogContext {
  /** Returns the fields to bind, each as {@code key=value}. */
  String[] value();
}
