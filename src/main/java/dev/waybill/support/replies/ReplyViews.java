package dev.waybill.support.replies;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request and response bodies of the reply template APIs. */
public final class ReplyViews {

  private ReplyViews() {}

  /** A reply filled in from an order's story, ready to copy or send. */
  @Schema(name = "SupportReply")
  public record Reply(
      @Schema(example = "running-late") String template,
      @Schema(description = "Language of the reply", example = "en") String locale,
      @Schema(example = "1001") String orderNumber,
      String subject,
      String body,
      @Schema(description = "Whether this is the template the order's state suggests")
          boolean suggested,
      @Schema(description = "The template the order's state suggests", example = "running-late")
          String suggestedTemplate,
      @Schema(description = "Whether the store has its own wording of this template")
          boolean customised) {}

  /** One template in one language, as written. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @Schema(name = "ReplyTemplate")
  public record TemplateView(
      @Schema(example = "running-late") String template,
      @Schema(example = "de") String locale,
      String subject,
      String body,
      @Schema(description = "Whether the store changed it; otherwise it is Waybill's default")
          boolean customised,
      String updatedBy,
      OffsetDateTime updatedAt) {}

  @Schema(name = "ReplyTemplateList")
  public record TemplateList(
      @Schema(description = "Languages templates exist in", example = "[\"en\", \"de\"]")
          List<String> locales,
      List<TemplateView> items) {}

  /** A store's wording of a template; Qute, filled from the order's story. */
  @Schema(name = "ReplyTemplateText")
  public record TemplateText(
      @Schema(example = "Your order {order.number} is running late") @NotBlank @Size(max = 300)
          String subject,
      @Schema(description = "The body, at most 10,000 characters")
          @NotBlank
          @Size(max = ReplyEngine.MAX_TEMPLATE)
          String body,
      @Schema(
              description =
                  "An order to fill it with before saving; by default the store's newest order,"
                      + " or a sample story when it has none",
              example = "1001")
          @Size(max = 64)
          String previewOrderNumber) {}

  /** A template filled with a real order, as it would be sent. */
  @Schema(name = "ReplyPreview")
  public record Preview(
      @Schema(description = "The order it was filled with; null for the sample story")
          String orderNumber,
      String subject,
      String body) {}

  /** A reply to send to the shopper by email. */
  @Schema(name = "SendSupportReply")
  public record SendReply(
      @Schema(description = "The order's number; or name a case instead", example = "1001")
          @Size(max = 64)
          String orderNumber,
      @Schema(
              name = "case",
              description = "A support case's reference: its order, parcel, language and address",
              example = "WB-7KQ2MX")
          @JsonProperty("case")
          @Size(max = 32)
          String caseReference,
      @Schema(
              description =
                  "Which reply to fill when no subject and body are given; by default the"
                      + " suggested one",
              example = "running-late")
          @Size(max = 64)
          String template,
      @Schema(description = "Language: en, de, fr, es, nl or it", example = "en") @Size(max = 16)
          String locale,
      @Schema(description = "The parcel the question is about") UUID shipmentId,
      @Schema(
              description =
                  "The subject as the agent wrote it; with body, sent as is instead of a template")
          @Size(max = 300)
          String subject,
      @Schema(description = "The message as the agent wrote it; with subject, sent as is")
          @Size(max = 20000)
          String body,
      @Schema(
              description = "Where to send it; by default the case's address, else the order's",
              example = "ada@example.com")
          @Email
          @Size(max = 254)
          String to) {}
}
