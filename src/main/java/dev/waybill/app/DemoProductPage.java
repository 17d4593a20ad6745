package dev.waybill.app;

import dev.waybill.platform.errors.Problems;
import dev.waybill.platform.security.HtmlPage;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A storefront's product page as a merchant would build it, with the delivery-date widget and the
 * demo store's publishable key: dev mode shows the widget working without any shop.
 */
@Path("/demo/product")
@Tag(name = "Demo")
@Produces(MediaType.TEXT_HTML)
@HtmlPage(scripts = "'self'")
public class DemoProductPage {

  private static final Set<String> LANGUAGES = Set.of("en", "de", "fr", "es", "nl", "it");

  private final DemoConfig config;

  public DemoProductPage(DemoConfig config) {
    this.config = config;
  }

  @GET
  @Operation(summary = "A demo product page with the delivery-date widget (dev mode only)")
  public String page(@QueryParam("lang") String lang) {
    if (!config.enabled()) {
      throw new Problems.NotFound("No demo in this deployment");
    }
    String language = lang != null && LANGUAGES.contains(lang) ? lang : "en-GB";
    return """
        <!doctype html>
        <html lang="%s">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Trail Runner 2 · Northwind Outfitters</title>
        <style>
        body{font-family:system-ui,sans-serif;margin:0;color:#1f2937}
        main{max-width:56rem;margin:2rem auto;padding:0 1rem;display:grid;gap:2rem;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr))}
        img{width:100%%;border-radius:.5rem;background:#f3f4f6}
        label{display:block;margin-top:1rem;font-weight:600}
        input{font:inherit;padding:.5rem;border:1px solid #6b7280;border-radius:.25rem}
        waybill-promise{display:block;margin-top:1rem;font-weight:600}
        button{font:inherit;margin-top:1rem;padding:.75rem 1.5rem;background:#1d4ed8;color:#fff;border:0;border-radius:.25rem}
        </style>
        </head>
        <body>
        <main>
        <img src="/demo/products/trail-runner.svg" alt="Trail Runner 2, a blue running shoe">
        <section>
        <h1>Trail Runner 2</h1>
        <p>$129.00 · free shipping</p>
        <waybill-promise id="promise" key="%s" country="US" postal-code="94105" postal-input="#zip"></waybill-promise>
        <label for="zip">Your ZIP code</label>
        <input id="zip" inputmode="numeric" autocomplete="postal-code" value="94105">
        <p><button type="button">Add to cart</button></p>
        </section>
        </main>
        <script src="/widget/waybill-promise.js" defer></script>
        </body>
        </html>
        """
        .formatted(language, DemoSeeder.STOREFRONT_KEY);
  }
}
