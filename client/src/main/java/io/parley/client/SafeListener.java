package io.parley.client;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls the application's listener; an exception it throws is logged, never propagated. */
final class SafeListener implements ConnectionListener {
  private static final Logger LOG = LoggerFactory.getLogger(ParleyConnection.class);

  private final ConnectionListener delegate;

  SafeListener(ConnectionListener delegate) {
    this.delegate = delegate == null ? ConnectionListener.NONE : delegate;
  }

  @Override
  public void onReady(Ready ready) {
    try {
      delegate.onReady(ready);
    } catch (RuntimeException e) {
      LOG.warn("listener failed on ready", e);
    }
  }

  @Override
  public void onMessage(Message message, long receivedNanos) {
    try {
      delegate.onMessage(message, receivedNanos);
    } catch (RuntimeException e) {
      LOG.warn("listener failed on message", e);
    }
  }

  @Override
  public void onReceipt(Receipt receipt) {
    try {
      delegate.onReceipt(receipt);
    } catch (RuntimeException e) {
      LOG.warn("listener failed on receipt", e);
    }
  }

  @Override
  public void onTyping(Typing typing) {
    try {
      delegate.onTyping(typing);
    } catch (RuntimeException e) {
      LOG.warn("listener failed on typing", e);
    }
  }

  @Override
  public void onPresence(Presence presence) {
    try {
      delegate.onPresence(presence);
    } catch (RuntimeException e) {
      LOG.warn("listener failed on presence", e);
    }
  }

  @Override
  public void onError(ErrorFrame error) {
    try {
      delegate.onError(error);
    } catch (RuntimeException e) {
      LOG.warn("listener failed on error", e);
    }
  }

  @Override
  public void onClose(CloseEvent event) {
    try {
      delegate.onClose(event);
    } catch (RuntimeException e) {
      LOG.warn("listener failed on close", e);
    }
  }

  @Override
  public void onReconnecting(int attempt, Duration delay) {
    try {
      delegate.onReconnecting(attempt, delay);
    } catch (RuntimeException e) {
      LOG.warn("listener failed on reconnecting", e);
    }
  }

  @Override
  public void onResumed(int delivered) {
    try {
      delegate.onResumed(delivered);
    } catch (RuntimeException e) {
      LOG.warn("listener failed on resumed", e);
    }
  }
}
