/**
 * {@code logctx}, a command-line tool that follows one correlation id through JSON log files; see
 * {@link dev.logcontext.logctx.Logctx}.
 */
package dev.logcontext.logctx;
