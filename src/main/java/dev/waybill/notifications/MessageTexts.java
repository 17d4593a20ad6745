package dev.waybill.notifications;

import dev.waybill.tracking.StatusTexts;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Message texts from {@code i18n/notifications_<lang>.properties}, in the languages the tracking
 * texts have. A missing translation falls back to English.
 */
@ApplicationScoped
public class MessageTexts {

  private final Map<String, Properties> bundles = new HashMap<>();

  public MessageTexts() {
    for (String lang : StatusTexts.LANGUAGES) {
      bundles.put(lang, load("i18n/notifications_" + lang + ".properties"));
    }
  }

  /** The text, or {@code null} when there is none (an empty value means "nothing to say"). */
  public String text(String lang, String key) {
    String fallback = StatusTexts.LANGUAGES.get(0);
    String value = bundles.getOrDefault(lang, bundles.get(fallback)).getProperty(key);
    if (value == null) {
      value = bundles.get(fallback).getProperty(key);
    }
    return value == null || value.isBlank() ? null : value;
  }

  private static Properties load(String resource) {
    Properties p = new Properties();
    try (InputStream in = MessageTexts.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Missing " + resource);
      }
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
