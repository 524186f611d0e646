package dev.logcontext.logctx;

import java.io.Closeable;
import java.io.IOException;

/**
 * The lines of some input that contain a byte pattern, one after the other. After {@link #next()}
 * returned true the line is {@link #buffer()} from {@link #lineStart()} to {@link #lineEnd()},
 * without its line break, valid until the next call. Not thread-safe.
 */
interface CandidateLines extends Closeable {
  /** Moves to the next line containing the pattern; returns false at the end of the input. */
  boolean next() throws IOException;

  byte[] buffer();

  int lineStart();

  int lineEnd();
}
