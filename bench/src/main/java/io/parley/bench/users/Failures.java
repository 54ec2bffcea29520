package io.parley.bench.users;

import io.parley.client.ParleyException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** The stable error code of a failed call, for counting errors by code. */
public final class Failures {
  private Failures() {}

  public static ParleyException parley(Throwable error) {
    Throwable e = error;
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e instanceof ParleyException p ? p : null;
  }

  public static String code(Throwable error) {
    ParleyException p = parley(error);
    if (p != null) {
      return p.code();
    }
    Throwable e = error;
    while (e.getCause() != null && e instanceof CompletionException) {
      e = e.getCause();
    }
    return e.getClass().getSimpleName();
  }
}
