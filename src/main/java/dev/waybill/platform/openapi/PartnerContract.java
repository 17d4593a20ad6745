package dev.waybill.platform.openapi;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.tags.Tag;

/**
 * Keeps the API document to the contract partners generate clients from: the JSON API under {@code
 * /api/}. The same app serves HTML pages, the console, the simulated carrier and carriers' pushes,
 * none of them a partner's to call; dropping every other path here, rather than hiding each
 * resource, keeps a new page out of partners' clients without anyone remembering to.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class PartnerContract implements OASFilter {

  static final String PREFIX = "/api/";

  @Override
  public void filterOpenAPI(OpenAPI openAPI) {
    if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
      return;
    }
    for (String path : List.copyOf(openAPI.getPaths().getPathItems().keySet())) {
      if (!path.startsWith(PREFIX)) {
        openAPI.getPaths().removePathItem(path);
      }
    }
    Set<String> used = new HashSet<>();
    for (PathItem item : openAPI.getPaths().getPathItems().values()) {
      for (Operation op : item.getOperations().values()) {
        if (op.getTags() != null) {
          used.addAll(op.getTags());
        }
        if (op.getResponses() != null && op.getResponses().getAPIResponses() != null) {
          op.getResponses().getAPIResponses().values().forEach(PartnerContract::typeHeaders);
        }
      }
    }
    if (openAPI.getTags() != null) {
      for (Tag tag : List.copyOf(openAPI.getTags())) {
        if (!used.contains(tag.getName())) {
          openAPI.removeTag(tag);
        }
      }
    }
  }

  /** A header declared with a description alone is a string, as HTTP fields are on the wire. */
  private static void typeHeaders(APIResponse response) {
    if (response.getHeaders() == null) {
      return;
    }
    for (Header header : response.getHeaders().values()) {
      if (header.getSchema() == null && header.getContent() == null) {
        header.setSchema(OASFactory.createSchema().addType(SchemaType.STRING));
      }
    }
  }
}
