package dev.waybill.platform.observability;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks personal data and secrets in text bound for logs: email addresses (also URL-encoded), phone
 * numbers in international or North American form, postal address and name fields of JSON or
 * key=value text, bearer tokens, Waybill API keys, values of secret-like keys, and the tokens in
 * paths that are credentials themselves (tracking links, preference links).
 *
 * <p>Digits alone are left alone on purpose: tracking numbers, ids and timestamps are what logs are
 * read for, and they are not personal data.
 */
public final class Masking {

  static final String MASK = "***";

  private record Rule(Pattern pattern, java.util.function.Function<Matcher, String> replacement) {}

  private static final List<Rule> RULES =
      List.of(
          // Authorization: Bearer <anything>
          new Rule(
              Pattern.compile("(?i)\\b(bearer\\s+)[A-Za-z0-9._~+/=-]{4,}"), m -> m.group(1) + MASK),
          new Rule(
              Pattern.compile(
                  "(?i)(authorization[\"']?\\s*[:=]\\s*[\"']?basic\\s+)[A-Za-z0-9+/=]+"),
              m -> m.group(1) + MASK),
          // Links that are their own credential: the tracking page and its help form (/t/...),
          // notification preferences (/n/...) and the token lookup (/api/v1/tracking/...).
          new Rule(
              Pattern.compile("(/(?:t|n|api/v1/tracking)/)(?!\\*\\*\\*)[^/\\s?#\"'<>]+"),
              m -> m.group(1) + MASK),
          // Waybill keys keep their public prefix, which is what lists show anyway.
          new Rule(
              Pattern.compile("\\b(wb_(?:sec|pub)_[A-Za-z0-9]{8})_[A-Za-z0-9_-]+"),
              m -> m.group(1) + "_" + MASK),
          // Private API keys stores give for their marketing tools (Klaviyo's pk_…) are whole
          // credentials: nothing of them is kept.
          new Rule(Pattern.compile("\\bpk_[A-Za-z0-9]{16,}\\b"), m -> "pk_" + MASK),
          // password=..., "clientSecret":"...", token: ...
          new Rule(
              Pattern.compile(
                  "(?i)((?:password|passwd|secret|client[_-]?secret|api[_-]?key|auth[_-]?token"
                      + "|access[_-]?token|refresh[_-]?token|token|authorization)"
                      + "[\"']?\\s*[:=]\\s*[\"']?)(?!\\*\\*\\*|bearer\\b|basic\\b)([^\"'\\s,&}]{3,})"),
              m -> m.group(1) + MASK),
          // Address and name fields, as JSON or key=value.
          new Rule(
              Pattern.compile(
                  "(?i)(?<![A-Za-z_])([\"']?(?:line1|line2|street|address|address1|address2|addressLine[12]?"
                      + "|ship_?name|ship_?line[12]|customer_?name|recipient_?name|signed_?by"
                      + "|contact_?name)[\"']?\\s*[:=]\\s*)(\"[^\"]*\"|'[^']*'|[^,&}\\s]+)"),
              m -> m.group(1) + "\"" + MASK + "\""),
          // ada.lovelace@example.com -> a***@***.com
          new Rule(
              Pattern.compile(
                  "([A-Za-z0-9])[A-Za-z0-9._%+-]*(@|%40)[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*"
                      + "\\.([A-Za-z]{2,24})\\b"),
              m -> m.group(1) + MASK + m.group(2) + MASK + "." + m.group(3)),
          // +49 151 1234 5678, +4915112345678, %2B4915112345678 -> +49***78
          new Rule(
              Pattern.compile(
                  "(\\+|%2B)(\\d{1,3})[\\s./-]?(?:\\(?\\d{1,4}\\)?[\\s./-]?){1,5}\\d{2,4}"),
              m -> phone(m)),
          // (415) 555-0100, 415-555-0100, 415.555.0100
          new Rule(
              Pattern.compile(
                  "(?<![\\w-])(?:\\(\\d{3}\\)\\s?|\\d{3}[-.])\\d{3}[-.]\\d{4}(?![\\w-])"),
              m -> MASK));

  private Masking() {}

  /** The text with personal data and secrets masked; null stays null. */
  public static String mask(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    for (Rule rule : RULES) {
      Matcher m = rule.pattern().matcher(out);
      if (!m.find()) {
        continue;
      }
      StringBuilder sb = new StringBuilder(out.length());
      do {
        m.appendReplacement(sb, Matcher.quoteReplacement(rule.replacement().apply(m)));
      } while (m.find());
      m.appendTail(sb);
      out = sb.toString();
    }
    return out;
  }

  private static String phone(Matcher m) {
    String digits = m.group().replaceAll("[^0-9]", "");
    if (m.group(1).equals("%2B")) {
      digits = digits.substring(1); // the "2" of %2B
    }
    // Fewer than 8 digits is no full phone number (e.g. "+1 day" arithmetic in a message).
    if (digits.length() < 8) {
      return m.group();
    }
    return m.group(1) + m.group(2) + MASK + digits.substring(digits.length() - 2);
  }
}
