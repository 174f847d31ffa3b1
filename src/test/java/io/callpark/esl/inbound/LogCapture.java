package io.callpark.esl.inbound;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Captures everything a logger (and its children) logs at TRACE and above, while open; not printed. */
final class LogCapture implements AutoCloseable {
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Logger logger;
  private final Level previousLevel;
  private final boolean previousAdditive;

  LogCapture(String loggerName) {
    logger = (Logger) LoggerFactory.getLogger(loggerName);
    previousLevel = logger.getLevel();
    previousAdditive = logger.isAdditive();
    logger.setLevel(Level.TRACE);
    logger.setAdditive(false);
    appender.start();
    logger.addAppender(appender);
  }

  /** Every formatted message with its level, plus the messages of logged throwables and their causes. */
  List<String> lines() {
    List<String> out = new ArrayList<>();
    for (ILoggingEvent e : List.copyOf(appender.list)) {
      out.add(e.getLevel() + " " + e.getFormattedMessage());
      for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
        out.add("  " + t.getClassName() + ": " + t.getMessage());
      }
    }
    return out;
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    logger.setLevel(previousLevel);
    logger.setAdditive(previousAdditive);
  }
}
