package dev.waybill.platform.errors;

/** Tells an unreachable peer (a refused, reset or lost connection) from every other failure. */
public final class Outages {

  private Outages() {}

  /**
   * Whether the failure, or one of its causes, is a connection that could not be made or was lost:
   * Postgres, Redis or a mail server restarting, failing over, or cut off. Such a failure is to be
   * waited out; the work it belonged to did not happen.
   */
  public static boolean unreachable(Throwable e) {
    int depth = 0;
    for (Throwable t = e; t != null && depth < 20; t = t.getCause(), depth++) {
      String name = t.getClass().getSimpleName();
      if (t instanceof java.net.ConnectException
          || t instanceof java.net.NoRouteToHostException
          || t instanceof java.net.UnknownHostException
          || t instanceof java.nio.channels.ClosedChannelException
          || name.equals("ClosedConnectionException")
          || name.equals("ConnectTimeoutException")) {
        return true;
      }
      String message = t.getMessage();
      if (message != null
          && (name.equals("VertxException")
              || name.equals("NoStackTraceThrowable")
              || name.equals("NoStackTraceException"))
          && (message.contains("Connection refused")
              || message.contains("onnection closed")
              || message.contains("Connection reset")
              || message.contains("connection was closed"))) {
        return true;
      }
    }
    return false;
  }
}
