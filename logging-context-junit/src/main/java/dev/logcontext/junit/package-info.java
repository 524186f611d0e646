/**
 * A JUnit 5 test kit for LogContext: {@link dev.logcontext.junit.LogContextExtension} starts every
 * test with an empty context and fails a test that leaves fields behind, {@link
 * dev.logcontext.junit.WithLogContext} binds fields for a test, and {@link
 * dev.logcontext.junit.LogCapture} collects the events logged during a test with their typed
 * context.
 */
package dev.logcontext.junit;
