package dev.waybill.platform.errors;

import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * Gives every error response in the API document the problem+json body that {@link ProblemMapper}
 * actually sends, so resources declare an error with its code and description alone.
 */
public class ProblemResponses implements OASFilter {

  private static final String REF = "#/components/schemas/Problem";

  @Override
  public void filterOpenAPI(OpenAPI openAPI) {
    if (openAPI.getComponents() == null) {
      openAPI.setComponents(OASFactory.createComponents());
    }
    Map<String, Schema> schemas = openAPI.getComponents().getSchemas();
    if (schemas == null || !schemas.containsKey("Problem")) {
      openAPI.getComponents().addSchema("Problem", problem());
    }
    if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
      return;
    }
    for (PathItem path : openAPI.getPaths().getPathItems().values()) {
      path.getOperations()
          .forEach(
              (method, op) -> {
                if (method != PathItem.HttpMethod.GET
                    && method != PathItem.HttpMethod.HEAD
                    && op.getResponses() != null
                    && op.getResponses().getAPIResponse("503") == null) {
                  op.getResponses().addAPIResponse("503", unavailable());
                }
              });
      for (Operation op : path.getOperations().values()) {
        if (op.getResponses() == null || op.getResponses().getAPIResponses() == null) {
          continue;
        }
        op.getResponses()
            .getAPIResponses()
            .forEach(
                (code, response) -> {
                  if ((code.startsWith("4") || code.startsWith("5"))
                      && (response.getContent() == null
                          || response.getContent().getMediaTypes() == null
                          || response.getContent().getMediaTypes().isEmpty())) {
                    withProblem(response);
                  }
                });
      }
    }
  }

  /**
   * Any write can meet a Postgres outage: it fails fast, writes nothing, and says when to retry.
   */
  private static APIResponse unavailable() {
    return OASFactory.createAPIResponse()
        .description(
            "A data store is unreachable or saturated; nothing was written. Retry after the"
                + " Retry-After seconds (with the same Idempotency-Key where the operation takes"
                + " one).")
        .addHeader(
            "Retry-After",
            OASFactory.createHeader()
                .description("Seconds to wait before retrying")
                .schema(OASFactory.createSchema().addType(SchemaType.INTEGER)));
  }

  private static void withProblem(APIResponse response) {
    response.setContent(
        OASFactory.createContent()
            .addMediaType(
                Problem.MEDIA_TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(REF))));
  }

  private static Schema problem() {
    Schema text = OASFactory.createSchema().addType(SchemaType.STRING);
    Schema field =
        OASFactory.createSchema()
            .addType(SchemaType.OBJECT)
            .addProperty("field", text)
            .addProperty("message", text);
    return OASFactory.createSchema()
        .addType(SchemaType.OBJECT)
        .description("RFC 9457 problem details")
        .addProperty("type", text)
        .addProperty("title", text)
        .addProperty("status", OASFactory.createSchema().addType(SchemaType.INTEGER))
        .addProperty("detail", text)
        .addProperty("instance", text)
        .addProperty("errors", OASFactory.createSchema().addType(SchemaType.ARRAY).items(field));
  }
}
