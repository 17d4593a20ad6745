package dev.waybill.platform.errors;

import java.util.List;
import java.util.Map;

/** The typed failures that services throw. */
public final class Problems {

  private Problems() {}

  /**
   * 404: the resource does not exist, or belongs to another store (indistinguishable on purpose).
   */
  public static final class NotFound extends ProblemException {
    public NotFound(String detail) {
      super(404, "not-found", "Not found", detail, null, null);
    }
  }

  /** 409: the request conflicts with the current state. */
  public static final class Conflict extends ProblemException {
    public Conflict(String type, String detail) {
      super(409, type, "Conflict", detail, null, null);
    }

    public Conflict(String type, String detail, Map<String, Object> extensions) {
      super(409, type, "Conflict", detail, null, extensions);
    }
  }

  /** 400: the request is malformed or fails validation. */
  public static final class Invalid extends ProblemException {
    public Invalid(List<FieldError> errors) {
      super(400, "validation", "Request is invalid", summary(errors), errors, null);
    }

    public Invalid(String field, String message) {
      this(List.of(new FieldError(field, message)));
    }
  }

  /** 422: well-formed, but cannot be processed as asked (for example an unknown carrier). */
  public static final class Unprocessable extends ProblemException {
    public Unprocessable(String type, String detail, List<FieldError> errors) {
      super(422, type, "Request cannot be processed", detail, errors, null);
    }

    public Unprocessable(String type, String detail, Map<String, Object> extensions) {
      super(422, type, "Request cannot be processed", detail, null, extensions);
    }
  }

  /** 401: no credentials, or unknown or revoked ones. */
  public static final class Unauthorized extends ProblemException {
    public Unauthorized(String detail) {
      super(401, "unauthorized", "Unauthorized", detail, null, null);
    }
  }

  /** 403: the credentials are valid but lack the scope this operation needs. */
  public static final class Forbidden extends ProblemException {
    public Forbidden(String detail) {
      super(403, "forbidden", "Forbidden", detail, null, null);
    }

    /** 403 naming the fields that only someone with more rights may set to these values. */
    public Forbidden(String detail, List<FieldError> errors) {
      super(403, "forbidden", "Forbidden", detail, errors, null);
    }
  }

  /** 429: too many attempts; retry after the given number of seconds. */
  public static final class TooManyRequests extends ProblemException {
    private final long retryAfterSeconds;

    public TooManyRequests(String detail, long retryAfterSeconds) {
      super(
          429,
          "rate-limited",
          "Too many requests",
          detail,
          null,
          Map.of("retryAfter", retryAfterSeconds));
      this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
      return retryAfterSeconds;
    }
  }

  /** 503: a dependency is saturated or down; retry after the given number of seconds. */
  public static final class Unavailable extends ProblemException {
    public Unavailable(String detail, int retryAfterSeconds) {
      super(
          503,
          "unavailable",
          "Service temporarily unavailable",
          detail,
          null,
          Map.of("retryAfter", retryAfterSeconds));
    }
  }

  static String summary(List<FieldError> errors) {
    StringBuilder sb = new StringBuilder();
    for (FieldError e : errors) {
      if (sb.length() > 0) {
        sb.append("; ");
      }
      sb.append(e.field()).append(": ").append(e.message());
    }
    return sb.toString();
  }
}
