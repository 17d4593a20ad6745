package dev.waybill.platform.errors;

import java.util.List;
import java.util.Map;

/**
 * A failure that the client can act on. The single {@link ProblemMapper} turns every subclass into
 * an RFC 9457 problem document.
 */
public abstract class ProblemException extends RuntimeException {

  private final int status;
  private final String type;
  private final String title;
  private final List<FieldError> errors;
  private final Map<String, Object> extensions;

  protected ProblemException(
      int status,
      String type,
      String title,
      String detail,
      List<FieldError> errors,
      Map<String, Object> extensions) {
    super(detail, null, false, false);
    this.status = status;
    this.type = type;
    this.title = title;
    this.errors = errors == null ? List.of() : List.copyOf(errors);
    this.extensions = extensions == null ? Map.of() : Map.copyOf(extensions);
  }

  public int status() {
    return status;
  }

  /** A short slug, turned into the problem's {@code type} URI. */
  public String type() {
    return type;
  }

  public String title() {
    return title;
  }

  public List<FieldError> errors() {
    return errors;
  }

  public Map<String, Object> extensions() {
    return extensions;
  }
}
