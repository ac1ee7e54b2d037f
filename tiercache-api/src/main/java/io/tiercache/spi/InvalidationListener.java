package io.tiercache.spi;

/**
 * Receives what an {@link InvalidationBus} delivers. Called on the bus's threads; must be quick
 * and must not throw.
 */
public interface InvalidationListener {

  /**
   * Another process (or this one) changed entries.
   *
   * @param message what changed
   */
  void onInvalidation(Invalidation message);

  /**
   * The bus lost its connection: messages may be missed from now on, so local copies can no
   * longer be trusted.
   */
  void onConnectionLost();

  /**
   * The bus is connected again. Messages sent while it was down are lost, so local copies written
   * in the meantime can no longer be trusted either.
   */
  void onReconnected();
}
