package dev.waybill.support.replies;

import dev.waybill.notifications.AgentMessages;
import dev.waybill.notifications.AgentMessages.Outgoing;
import dev.waybill.notifications.NotificationViews.LogEntry;
import dev.waybill.platform.errors.FieldError;
import dev.waybill.platform.errors.Problems;
import dev.waybill.support.CaseType;
import dev.waybill.support.SupportCases;
import dev.waybill.support.replies.ReplyViews.SendReply;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Sends a reply to the shopper by email, through the notification queue, so it is retried and
 * logged in the order's story like every message. The agent's own words go as written; without
 * them, the template is filled from the order's story, as {@code GET /api/v1/support/replies} shows
 * it.
 */
@ApplicationScoped
public class ReplySending {

  private final ReplyTemplates replies;
  private final SupportCases cases;
  private final AgentMessages messages;

  public ReplySending(ReplyTemplates replies, SupportCases cases, AgentMessages messages) {
    this.replies = replies;
    this.cases = cases;
    this.messages = messages;
  }

  /** Who and what a reply is about, from the request or the case it names. */
  private record Target(
      String orderNumber, UUID shipmentId, String to, String locale, CaseType caseType) {}

  /**
   * Queues the reply. The same {@code idempotencyKey} sends once.
   *
   * @param sentBy the agent or key sending it, for the log
   */
  public Uni<LogEntry> send(UUID storeId, SendReply r, String sentBy, String idempotencyKey) {
    ReplyTemplate chosen = blank(r.template()) ? null : ReplyTemplate.of("template", r.template());
    String lang = blank(r.locale()) ? null : ReplyDefaults.supported("locale", r.locale());
    checkWritten(r);
    return target(storeId, r, lang)
        .chain(
            t -> {
              if (written(r)) {
                return queue(storeId, t, r.subject(), r.body(), t.locale(), sentBy, idempotencyKey);
              }
              return replies
                  .reply(storeId, t.orderNumber(), chosen, t.locale(), t.shipmentId(), t.caseType())
                  .chain(
                      filled ->
                          queue(
                              storeId,
                              t,
                              filled.subject(),
                              filled.body(),
                              filled.locale(),
                              sentBy,
                              idempotencyKey));
            });
  }

  private Uni<Target> target(UUID storeId, SendReply r, String lang) {
    if (!blank(r.caseReference())) {
      return cases
          .get(storeId, r.caseReference().trim())
          .map(
              c ->
                  new Target(
                      c.orderNumber(),
                      r.shipmentId() != null ? r.shipmentId() : c.shipmentId(),
                      !blank(r.to()) ? r.to() : c.contactEmail(),
                      lang != null ? lang : c.locale(),
                      c.type()));
    }
    if (blank(r.orderNumber())) {
      throw new Problems.Invalid("orderNumber", "name the order (orderNumber) or a case (case)");
    }
    return Uni.createFrom()
        .item(new Target(r.orderNumber().trim(), r.shipmentId(), r.to(), lang, null));
  }

  private Uni<LogEntry> queue(
      UUID storeId,
      Target t,
      String subject,
      String body,
      String locale,
      String sentBy,
      String idempotencyKey) {
    return messages.send(
        new Outgoing(
            storeId,
            t.orderNumber(),
            t.shipmentId(),
            t.to(),
            subject.strip(),
            body.strip(),
            locale,
            sentBy,
            idempotencyKey));
  }

  /** An agent's own words come whole: a subject with no message, or the reverse, is a mistake. */
  private static void checkWritten(SendReply r) {
    List<FieldError> errors = new ArrayList<>();
    if (blank(r.subject()) && !blank(r.body())) {
      errors.add(new FieldError("subject", "give a subject with the message"));
    }
    if (!blank(r.subject()) && blank(r.body())) {
      errors.add(new FieldError("body", "give a message with the subject"));
    }
    if (!blank(r.subject()) && r.subject().strip().matches("(?s).*[\\r\\n].*")) {
      errors.add(new FieldError("subject", "must be one line"));
    }
    if (!errors.isEmpty()) {
      throw new Problems.Invalid(errors);
    }
  }

  private static boolean written(SendReply r) {
    return !blank(r.subject()) && !blank(r.body());
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
