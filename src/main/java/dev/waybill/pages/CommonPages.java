package dev.waybill.pages;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** Pages shared by the lookup and help flows. */
final class CommonPages {

  @CheckedTemplate(basePath = "")
  static class Templates {
    static native TemplateInstance limited(Shell shell, String back);
  }

  private CommonPages() {}

  /** 429: too many attempts, with when to come back. */
  static Response tooMany(Shell shell, String back, long retryAfterSeconds) {
    return Html.page(429, Templates.limited(shell, back).render())
        .header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds))
        .build();
  }
}
