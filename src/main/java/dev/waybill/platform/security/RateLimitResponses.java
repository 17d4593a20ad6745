package dev.waybill.platform.security;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;

/**
 * Documents the rate limits on every limited operation ({@link ApiRateLimitFilter}): the 429 answer
 * with {@code Retry-After}, and the {@code RateLimit} fields on every answer.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class RateLimitResponses implements OASFilter {

  @Override
  public void filterOpenAPI(OpenAPI openAPI) {
    if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
      return;
    }
    for (Map.Entry<String, PathItem> path : openAPI.getPaths().getPathItems().entrySet()) {
      if (!path.getKey().startsWith("/api/") && !path.getKey().startsWith("/webhooks/")) {
        continue;
      }
      for (Operation op : path.getValue().getOperations().values()) {
        if (op.getResponses() == null || op.getResponses().hasAPIResponse("429")) {
          continue;
        }
        op.getResponses()
            .addAPIResponse(
                "429",
                OASFactory.createAPIResponse()
                    .description(
                        "Too many requests for this key or client address; retry after"
                            + " Retry-After seconds")
                    .addHeader(
                        "Retry-After",
                        header("Seconds until a request is allowed again", SchemaType.INTEGER))
                    .addHeader("RateLimit", header("Requests left, per policy", SchemaType.STRING))
                    .addHeader(
                        "RateLimit-Policy",
                        header("Quota and window, per policy", SchemaType.STRING))
                    .content(
                        OASFactory.createContent()
                            .addMediaType(
                                "application/problem+json",
                                OASFactory.createMediaType()
                                    .schema(
                                        OASFactory.createSchema()
                                            .ref("#/components/schemas/Problem")))));
      }
    }
  }

  private static Header header(String description, SchemaType type) {
    return OASFactory.createHeader()
        .description(description)
        .schema(OASFactory.createSchema().addType(type));
  }
}
