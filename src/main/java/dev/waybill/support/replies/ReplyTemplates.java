package dev.waybill.support.replies;

import dev.waybill.support.CaseType;
import dev.waybill.support.replies.ReplyDefaults.Text;
import dev.waybill.support.replies.ReplyStories.Story;
import dev.waybill.support.replies.ReplyViews.Preview;
import dev.waybill.support.replies.ReplyViews.Reply;
import dev.waybill.support.replies.ReplyViews.TemplateList;
import dev.waybill.support.replies.ReplyViews.TemplateText;
import dev.waybill.support.replies.ReplyViews.TemplateView;
import io.quarkus.qute.Template;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A store's replies to the common shipping questions: Waybill's defaults in every language, the
 * store's own wording where it wrote one, and either filled from an order's story.
 */
@ApplicationScoped
public class ReplyTemplates {

  private static final String ONE =
      """
      SELECT template, lang, subject, body, updated_by, updated_at FROM reply_templates
       WHERE store_id = $1 AND template = $2 AND lang = $3
      """;

  private static final String ALL =
      """
      SELECT template, lang, subject, body, updated_by, updated_at FROM reply_templates
       WHERE store_id = $1
      """;

  private static final String SAVE =
      """
      INSERT INTO reply_templates (store_id, template, lang, subject, body, updated_by)
      VALUES ($1, $2, $3, $4, $5, $6)
      ON CONFLICT (store_id, template, lang) DO UPDATE
         SET subject = EXCLUDED.subject, body = EXCLUDED.body,
             updated_by = EXCLUDED.updated_by, updated_at = now()
      RETURNING template, lang, subject, body, updated_by, updated_at
      """;

  private static final String RESET =
      """
      DELETE FROM reply_templates WHERE store_id = $1 AND template = $2 AND lang = $3
      """;

  private final Pool pool;
  private final ReplyDefaults defaults;
  private final ReplyEngine engine;
  private final ReplyStories stories;

  public ReplyTemplates(
      Pool pool, ReplyDefaults defaults, ReplyEngine engine, ReplyStories stories) {
    this.pool = pool;
    this.defaults = defaults;
    this.engine = engine;
    this.stories = stories;
  }

  /** Every template in every language, the store's wording where it has one. */
  public Uni<TemplateList> list(UUID storeId) {
    return pool.preparedQuery(ALL)
        .execute(Tuple.of(storeId))
        .map(
            rows -> {
              Map<String, TemplateView> own = new HashMap<>();
              for (Row r : rows) {
                own.put(r.getString("template") + "/" + r.getString("lang"), view(r));
              }
              List<TemplateView> items = new ArrayList<>();
              for (ReplyTemplate t : ReplyTemplate.values()) {
                for (String lang : ReplyDefaults.LANGUAGES) {
                  TemplateView mine = own.get(t.id() + "/" + lang);
                  items.add(mine != null ? mine : defaultView(t, lang));
                }
              }
              return new TemplateList(ReplyDefaults.LANGUAGES, items);
            });
  }

  public Uni<TemplateView> get(UUID storeId, ReplyTemplate template, String lang) {
    return pool.preparedQuery(ONE)
        .execute(Tuple.of(storeId, template.id(), lang))
        .map(rows -> rows.size() == 0 ? defaultView(template, lang) : view(rows.iterator().next()));
  }

  /**
   * Fills the store's wording of {@code template} (or the one the order's state suggests, when
   * null) from the order's story.
   */
  public Uni<Reply> reply(
      UUID storeId,
      String orderNumber,
      ReplyTemplate template,
      String locale,
      UUID shipmentId,
      CaseType caseType) {
    return stories
        .of(storeId, orderNumber, locale, shipmentId, caseType)
        .chain(
            story -> {
              ReplyTemplate chosen = template != null ? template : story.suggested();
              return get(storeId, chosen, story.lang())
                  .map(
                      text ->
                          new Reply(
                              chosen.id(),
                              story.lang(),
                              story.orderNumber(),
                              fill("subject", text.subject(), story),
                              fill("body", text.body(), story),
                              chosen == story.suggested(),
                              story.suggested().id(),
                              text.customised()));
            });
  }

  /** Fills {@code text} with a real order without saving it; mistakes are 400s with the line. */
  public Uni<Preview> preview(
      UUID storeId, ReplyTemplate template, String lang, TemplateText text) {
    Template subject = engine.compile("subject", text.subject());
    Template body = engine.compile("body", text.body());
    return stories
        .forPreview(storeId, text.previewOrderNumber(), lang)
        .map(
            story ->
                new Preview(
                    story.orderNumber(),
                    engine.render("subject", subject, story.model()),
                    engine.render("body", body, story.model())));
  }

  /**
   * Saves the store's wording once it has been filled with a real order (or the sample): a template
   * that does not compile or names something the story lacks is refused, with the line.
   */
  public Uni<TemplateView> save(
      UUID storeId, ReplyTemplate template, String lang, TemplateText text, String author) {
    return preview(storeId, template, lang, text)
        .chain(
            ok ->
                pool.preparedQuery(SAVE)
                    .execute(
                        Tuple.of(
                            storeId,
                            template.id(),
                            lang,
                            text.subject().strip(),
                            text.body().strip(),
                            author))
                    .map(rows -> view(rows.iterator().next())));
  }

  /** Goes back to Waybill's default wording; resetting twice changes nothing. */
  public Uni<TemplateView> reset(UUID storeId, ReplyTemplate template, String lang) {
    return pool.preparedQuery(RESET)
        .execute(Tuple.of(storeId, template.id(), lang))
        .map(x -> defaultView(template, lang));
  }

  private String fill(String field, String text, Story story) {
    return engine.render(field, engine.compile(field, text), story.model());
  }

  private TemplateView defaultView(ReplyTemplate template, String lang) {
    Text text = defaults.get(template, lang);
    return new TemplateView(template.id(), lang, text.subject(), text.body(), false, null, null);
  }

  private static TemplateView view(Row r) {
    return new TemplateView(
        r.getString("template"),
        r.getString("lang"),
        r.getString("subject"),
        r.getString("body"),
        true,
        r.getString("updated_by"),
        r.getOffsetDateTime("updated_at"));
  }
}
