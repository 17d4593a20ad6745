package dev.waybill.support.agents;

/**
 * Why a console sign-in was refused unchecked: its address or account must wait. It travels as the
 * cause of an authentication failure, so wherever it is not answered on its own the attempt is
 * simply a failed sign-in.
 */
public final class SignInThrottled extends RuntimeException {

  private final String reason;
  private final long retryAfterSeconds;

  SignInThrottled(String reason, long retryAfterSeconds) {
    super("Too many failed sign-ins; retry after " + retryAfterSeconds + " s", null, false, false);
    this.reason = reason;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** {@code address} or {@code account}: what must wait. */
  public String reason() {
    return reason;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
