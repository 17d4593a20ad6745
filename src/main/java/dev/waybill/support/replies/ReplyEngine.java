package dev.waybill.support.replies;

import dev.waybill.platform.errors.Problems;
import io.quarkus.qute.Engine;
import io.quarkus.qute.IfSectionHelper;
import io.quarkus.qute.LoopSectionHelper;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateException;
import io.quarkus.qute.TemplateNode;
import io.quarkus.qute.ValueResolvers;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Compiles and fills reply templates that stores write. It is an engine of its own, not the
 * application's: a store's template sees only the order's story handed to it (plain maps, no
 * reflection), can only branch and loop over the parcels, and cannot include the application's own
 * templates.
 */
@ApplicationScoped
public class ReplyEngine {

  /** Longest template a store may save; a reply is a few paragraphs. */
  static final int MAX_TEMPLATE = 10_000;

  private final Engine engine =
      Engine.builder()
          .addSectionHelper(new IfSectionHelper.Factory())
          .addSectionHelper(new LoopSectionHelper.Factory())
          .addValueResolvers(
              ValueResolvers.mapResolver(),
              ValueResolvers.mapperResolver(),
              ValueResolvers.thisResolver(),
              ValueResolvers.orResolver(),
              ValueResolvers.trueResolver(),
              ValueResolvers.logicalAndResolver(),
              ValueResolvers.logicalOrResolver(),
              ValueResolvers.equalsResolver())
          .strictRendering(true)
          .removeStandaloneLines(true)
          .build();

  /** Parses {@code text}; a mistake is a 400 naming {@code field}, the line and the reason. */
  public Template compile(String field, String text) {
    if (text == null || text.isBlank()) {
      throw new Problems.Invalid(field, "must not be empty");
    }
    if (text.length() > MAX_TEMPLATE) {
      throw new Problems.Invalid(field, "must be at most " + MAX_TEMPLATE + " characters");
    }
    Template template;
    try {
      template = engine.parse(text);
    } catch (TemplateException e) {
      throw invalid(field, e);
    }
    // Only the parcels are a list: a loop over anything else (a number, say) could run for ever.
    for (TemplateNode node :
        template.findNodes(n -> n.isSection() && isLoop(n.asSection().getName()))) {
      boolean overParcels =
          node.asSection().getBlocks().stream()
              .allMatch(b -> "parcels".equals(b.parameters.getOrDefault("iterable", "parcels")));
      if (!overParcels) {
        throw new Problems.Invalid(
            field, "line " + node.getOrigin().getLine() + ": only 'parcels' can be looped over");
      }
    }
    return template;
  }

  /** Fills {@code template}; a name the story lacks is a 400 with its line. */
  public String render(String field, Template template, Map<String, Object> story) {
    try {
      // A line whose facts are all unknown renders empty; never leave a gap of more than one.
      return template.data(story).render().strip().replaceAll("\n{3,}", "\n\n");
    } catch (TemplateException e) {
      throw invalid(field, e);
    }
  }

  private static boolean isLoop(String name) {
    return "for".equals(name) || "each".equals(name);
  }

  private static Problems.Invalid invalid(String field, TemplateException e) {
    String reason = e.getMessage() == null ? "cannot be read" : e.getMessage();
    // Qute names its own generated template id and column; the line is what an editor needs.
    reason = reason.replaceAll("(?s)^Rendering error in template \\[[^]]*\\] ?", "");
    reason = reason.replaceAll("(?s)^Parser error in template \\[[^]]*\\] ?", "");
    reason = reason.replaceAll("\\s+", " ").trim();
    String line = e.getOrigin() == null ? "" : "line " + e.getOrigin().getLine() + ": ";
    return new Problems.Invalid(field, line + reason);
  }
}
