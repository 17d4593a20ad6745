package dev.waybill.support.replies;

import dev.waybill.tracking.StatusTexts;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The replies every store starts with, from {@code replies/replies_<lang>.txt}: one section per
 * template, opened by {@code == <template>}, then a {@code Subject:} line and the body.
 */
@ApplicationScoped
public class ReplyDefaults {

  /** Languages with default replies: those shoppers read Waybill in; the first is the fallback. */
  public static final List<String> LANGUAGES = StatusTexts.LANGUAGES;

  /** A reply's two parts, as written (not yet filled). */
  public record Text(String subject, String body) {}

  private final Map<String, Map<ReplyTemplate, Text>> texts = new HashMap<>();

  public ReplyDefaults() {
    for (String lang : LANGUAGES) {
      texts.put(lang, load("replies/replies_" + lang + ".txt"));
    }
  }

  /** The supported language closest to {@code tag}, or the fallback. */
  public static String language(String tag) {
    if (tag == null || tag.isBlank()) {
      return LANGUAGES.get(0);
    }
    String lang = Locale.forLanguageTag(tag.trim().replace('_', '-')).getLanguage();
    return LANGUAGES.contains(lang) ? lang : LANGUAGES.get(0);
  }

  /** {@code tag}'s language if replies exist in it; otherwise 400 naming {@code field}. */
  public static String supported(String field, String tag) {
    String lang =
        tag == null ? "" : Locale.forLanguageTag(tag.trim().replace('_', '-')).getLanguage();
    if (!LANGUAGES.contains(lang)) {
      throw new dev.waybill.platform.errors.Problems.Invalid(field, "must be one of " + LANGUAGES);
    }
    return lang;
  }

  public Text get(ReplyTemplate template, String lang) {
    return texts.getOrDefault(lang, texts.get(LANGUAGES.get(0))).get(template);
  }

  static Map<ReplyTemplate, Text> parse(String resource, BufferedReader in) throws IOException {
    Map<ReplyTemplate, Text> out = new EnumMap<>(ReplyTemplate.class);
    ReplyTemplate current = null;
    String subject = null;
    StringBuilder body = new StringBuilder();
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.startsWith("== ")) {
        if (current != null) {
          out.put(current, new Text(subject, body.toString().strip()));
        }
        current = ReplyTemplate.of("template", line.substring(3));
        subject = null;
        body.setLength(0);
      } else if (current == null) {
        continue; // the file's header comment
      } else if (subject == null && line.startsWith("Subject: ")) {
        subject = line.substring("Subject: ".length()).strip();
      } else {
        body.append(line).append('\n');
      }
    }
    if (current != null) {
      out.put(current, new Text(subject, body.toString().strip()));
    }
    for (ReplyTemplate t : ReplyTemplate.values()) {
      Text text = out.get(t);
      if (text == null || text.subject() == null || text.body().isEmpty()) {
        throw new IllegalStateException(resource + " lacks a subject or body for " + t.id());
      }
    }
    return out;
  }

  private static Map<ReplyTemplate, Text> load(String resource) {
    try (InputStream in = ReplyDefaults.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Missing " + resource);
      }
      return parse(resource, new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
