package dev.waybill.platform.observability;

import io.quarkus.logging.LoggingFilter;
import java.util.Objects;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Masks personal data and secrets in every log line, whoever wrote it (Waybill, a library, an
 * exception message), before a handler sees it. Enabled on the console and file handlers in
 * application.properties ({@code quarkus.log.console.filter=waybill-masking}).
 */
@LoggingFilter(name = "waybill-masking")
public final class LogMasking implements Filter {

  /** Dev mode prints its fixed, dev-only demo keys on purpose, so people can try the API. */
  static final String DEMO = "dev.waybill.app.DemoSeeder";

  @Override
  public boolean isLoggable(LogRecord record) {
    if (DEMO.equals(record.getLoggerName())) {
      return true;
    }
    String formatted =
        record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
    String masked = Masking.mask(formatted);
    if (!Objects.equals(formatted, masked)) {
      if (record instanceof ExtLogRecord ext) {
        ext.setMessage(masked, ExtLogRecord.FormatStyle.NO_FORMAT);
      } else {
        record.setMessage(masked);
      }
      record.setParameters(null);
    }
    if (record.getThrown() != null) {
      record.setThrown(masked(record.getThrown(), 0));
    }
    return true;
  }

  /** The throwable, or a copy with masked messages when any message in its chain needed it. */
  static Throwable masked(Throwable t, int depth) {
    Throwable cause = t.getCause();
    Throwable maskedCause =
        cause == null || depth >= 8 || cause == t ? cause : masked(cause, depth + 1);
    String message = t.getMessage();
    String maskedMessage = Masking.mask(message);
    if (Objects.equals(message, maskedMessage) && maskedCause == cause) {
      return t;
    }
    Throwable copy = new MaskedThrowable(t.getClass().getName(), maskedMessage, maskedCause);
    copy.setStackTrace(t.getStackTrace());
    return copy;
  }

  /** Stands in for a throwable whose message held personal data; prints as the original type. */
  static final class MaskedThrowable extends Throwable {
    private final String type;

    MaskedThrowable(String type, String message, Throwable cause) {
      super(message, cause, false, true);
      this.type = type;
    }

    @Override
    public String toString() {
      return getMessage() == null ? type : type + ": " + getMessage();
    }
  }
}
