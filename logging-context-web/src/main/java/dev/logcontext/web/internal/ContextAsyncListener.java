package dev.logcontext.web.internal;

import dev.logcontext.Scope;
import dev.logcontext.Snapshot;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import java.io.IOException;

/** Runs an application's {@link AsyncListener} callbacks in the request's snapshot. */
@SuppressWarnings("try") // the scopes only restore the context
final class ContextAsyncListener implements AsyncListener {
  private final AsyncListener delegate;
  private final Snapshot snapshot;

  ContextAsyncListener(AsyncListener delegate, Snapshot snapshot) {
    this.delegate = delegate;
    this.snapshot = snapshot;
  }

  @Override
  public void onComplete(AsyncEvent event) throws IOException {
    try (Scope scope = snapshot.attach()) {
      delegate.onComplete(event);
    }
  }

  @Override
  public void onTimeout(AsyncEvent event) throws IOException {
    try (Scope scope = snapshot.attach()) {
      delegate.onTimeout(event);
    }
  }

  @Override
  public void onError(AsyncEvent event) throws IOException {
    try (Scope scope = snapshot.attach()) {
      delegate.onError(event);
    }
  }

  @Override
  public void onStartAsync(AsyncEvent event) throws IOException {
    try (Scope scope = snapshot.attach()) {
      delegate.onStartAsync(event);
    }
  }
}
