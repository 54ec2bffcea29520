package io.parley.store.cassandra;

import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.CASWriteUnknownException;
import com.datastax.oss.driver.api.core.servererrors.ReadTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import java.util.concurrent.CompletionException;

/**
 * Failures after which a lightweight transaction may or may not have been applied (timeouts, often
 * from Paxos contention): the caller settles them by reading the row at serial consistency.
 */
final class Uncertain {

  private Uncertain() {}

  static boolean isUncertain(Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    return cause instanceof WriteTimeoutException
        || cause instanceof CASWriteUnknownException
        || cause instanceof ReadTimeoutException
        || cause instanceof DriverTimeoutException;
  }
}
