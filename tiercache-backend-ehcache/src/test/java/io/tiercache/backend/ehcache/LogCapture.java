package io.tiercache.backend.ehcache;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Captures what the tier logs through {@link System.Logger} (backed by java.util.logging), with
 * the messages formatted.
 */
final class LogCapture extends Handler implements AutoCloseable {

  private final Logger logger = Logger.getLogger("io.tiercache.backend.ehcache");
  private final SimpleFormatter formatter = new SimpleFormatter();
  final List<String> warnings = new CopyOnWriteArrayList<>();

  LogCapture() {
    logger.addHandler(this);
  }

  @Override
  public void publish(LogRecord record) {
    if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
      warnings.add(formatter.formatMessage(record));
    }
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
  }
}
