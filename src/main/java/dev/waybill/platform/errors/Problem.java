package dev.waybill.platform.errors;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An RFC 9457 problem document, served as {@code application/problem+json}. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"type", "title", "status", "detail", "instance", "errors"})
@Schema(name = "Problem", description = "RFC 9457 problem details")
public record Problem(
    @Schema(example = "https://waybill.dev/problems/validation") String type,
    @Schema(example = "Request is invalid") String title,
    @Schema(example = "400") int status,
    @Schema(example = "customer.email: must be a well-formed email address") String detail,
    @Schema(example = "/api/v1/orders") String instance,
    List<FieldError> errors,
    @Schema(hidden = true) Map<String, Object> extensions) {

  public static final String MEDIA_TYPE = "application/problem+json";
  private static final String TYPE_BASE = "https://waybill.dev/problems/";

  public static Problem of(
      int status,
      String type,
      String title,
      String detail,
      String instance,
      List<FieldError> errors,
      Map<String, Object> extensions) {
    return new Problem(TYPE_BASE + type, title, status, detail, instance, errors, extensions);
  }

  @JsonAnyGetter
  public Map<String, Object> extensions() {
    return extensions;
  }
}
