package dev.waybill.carriers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The carriers stores commonly ship with, read from {@value #RESOURCE}: each carrier's code, name,
 * countries, public tracking page, tracking-number formats with their check digits, and the ways
 * Waybill can follow its parcels. The file is read as a JSON tree, so no class needs reflection in
 * a native image, and it is checked as it is read: a broken entry stops the start, it never shows a
 * shopper a wrong link.
 */
public final class CarrierCatalogue {

  public static final String RESOURCE = "carriers/catalogue.json";

  /** Where the tracking number goes in a carrier's tracking URL. */
  public static final String PLACEHOLDER = "{trackingNumber}";

  private static final Pattern CODE = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
  private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

  /** How Waybill can follow a carrier's parcels. */
  public enum Mode {
    /** Waybill polls the carrier's own API through an adapter. */
    DIRECT("direct"),
    /** Waybill registers the number with an aggregator account (EasyPost, AfterShip, 17TRACK). */
    AGGREGATOR("aggregator"),
    /** Updates arrive as pushes, from the carrier or from an aggregator tracker. */
    PUSH("push");

    private final String id;

    Mode(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }

    static Mode of(String id) {
      for (Mode m : values()) {
        if (m.id.equals(id)) {
          return m;
        }
      }
      throw new IllegalArgumentException("unknown mode '" + id + "'");
    }
  }

  /**
   * One shape of a carrier's tracking numbers, matched against the number without spaces and
   * dashes, in upper case.
   *
   * @param examples published numbers of this shape, each passing {@code check}
   * @param source where the shape and check digit are published
   */
  public record NumberFormat(
      String description, Pattern pattern, CheckDigit check, List<String> examples, String source) {

    /** Whether the normalised number has this shape. */
    public boolean matches(String normalized) {
      return pattern.matcher(normalized).matches();
    }

    /** Whether the normalised number has this shape and its check digit. */
    public boolean passes(String normalized) {
      return matches(normalized) && check.passes(normalized);
    }
  }

  /**
   * The aggregators' own identifiers for carriers, by aggregator name, and the shape each must
   * have: EasyPost's carrier name, AfterShip's courier slug, 17TRACK's numeric carrier code.
   */
  public static final Map<String, Pattern> AGGREGATOR_IDS =
      Map.of(
          "easypost", Pattern.compile("[A-Za-z][A-Za-z0-9]*"),
          "aftership", Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*"),
          "17track", Pattern.compile("[1-9][0-9]{0,8}"));

  /**
   * A carrier of the catalogue.
   *
   * @param aggregatorIds the carrier's identifier at each aggregator that publishes one, by the
   *     aggregator's name ({@code easypost}, {@code aftership}, {@code 17track})
   */
  public record Entry(
      String code,
      String name,
      List<String> countries,
      String trackingUrl,
      List<Mode> modes,
      List<NumberFormat> formats,
      Map<String, String> aggregatorIds) {

    public CarrierInfo info() {
      return new CarrierInfo(code, name, trackingUrl);
    }

    /** This carrier's identifier at the named aggregator, if the catalogue has one. */
    public Optional<String> aggregatorId(String aggregator) {
      return Optional.ofNullable(aggregatorIds.get(aggregator));
    }
  }

  private final Map<String, Entry> entries;

  private CarrierCatalogue(Map<String, Entry> entries) {
    this.entries = entries;
  }

  /** The catalogue shipped with Waybill. */
  public static CarrierCatalogue load() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = CarrierCatalogue.class.getClassLoader();
    }
    try (InputStream in = loader.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing");
      }
      return parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException(RESOURCE + " is unreadable", e);
    }
  }

  /** A catalogue from its JSON, checked entry by entry. */
  static CarrierCatalogue parse(InputStream json) throws IOException {
    JsonNode root = new ObjectMapper().readTree(json);
    Map<String, Entry> entries = new LinkedHashMap<>();
    for (JsonNode node : root.path("carriers")) {
      Entry e = entry(node);
      if (entries.putIfAbsent(e.code(), e) != null) {
        throw invalid(e.code(), "appears twice");
      }
    }
    if (entries.isEmpty()) {
      throw new IllegalStateException(RESOURCE + " lists no carriers");
    }
    return new CarrierCatalogue(entries);
  }

  private static Entry entry(JsonNode node) {
    String code = node.path("code").asText("");
    if (!CODE.matcher(code).matches()) {
      throw invalid(code, "code must be lower case letters and digits joined by dashes");
    }
    String name = node.path("name").asText("").strip();
    if (name.isEmpty()) {
      throw invalid(code, "has no name");
    }
    List<String> countries = texts(node.path("countries"));
    for (String country : countries) {
      if (!COUNTRIES.contains(country)) {
        throw invalid(code, "'" + country + "' is not an ISO 3166-1 alpha-2 country code");
      }
    }
    String url = node.path("trackingUrl").asText("");
    if (!url.startsWith("https://") || !url.contains(PLACEHOLDER)) {
      throw invalid(code, "trackingUrl must be https and contain " + PLACEHOLDER);
    }
    List<Mode> modes = new ArrayList<>();
    for (String mode : texts(node.path("modes"))) {
      try {
        modes.add(Mode.of(mode));
      } catch (IllegalArgumentException e) {
        throw invalid(code, e.getMessage());
      }
    }
    if (modes.isEmpty()) {
      throw invalid(code, "lists no modes");
    }
    List<NumberFormat> formats = new ArrayList<>();
    for (JsonNode f : node.path("formats")) {
      formats.add(format(code, f));
    }
    return new Entry(
        code,
        name,
        List.copyOf(countries),
        url,
        List.copyOf(modes),
        List.copyOf(formats),
        aggregatorIds(code, node.path("aggregators"), modes));
  }

  private static Map<String, String> aggregatorIds(String code, JsonNode node, List<Mode> modes) {
    if (node.isMissingNode() || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw invalid(code, "aggregators must be an object");
    }
    Map<String, String> ids = new LinkedHashMap<>();
    var fields = node.fields();
    while (fields.hasNext()) {
      var field = fields.next();
      Pattern shape = AGGREGATOR_IDS.get(field.getKey());
      if (shape == null) {
        throw invalid(
            code,
            "names aggregator '"
                + field.getKey()
                + "'; there are "
                + String.join(", ", AGGREGATOR_IDS.keySet().stream().sorted().toList()));
      }
      String id = field.getValue().isValueNode() ? field.getValue().asText("").strip() : "";
      if (!shape.matcher(id).matches()) {
        throw invalid(code, field.getKey() + " identifier '" + id + "' is not " + shape);
      }
      ids.put(field.getKey(), id);
    }
    if (!ids.isEmpty() && !modes.contains(Mode.AGGREGATOR)) {
      throw invalid(code, "has aggregator identifiers but not the aggregator mode");
    }
    return Map.copyOf(ids);
  }

  private static NumberFormat format(String code, JsonNode f) {
    String regex = f.path("pattern").asText("");
    Pattern pattern;
    try {
      pattern = Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw invalid(code, "pattern '" + regex + "' does not compile: " + e.getDescription());
    }
    if (regex.isEmpty()) {
      throw invalid(code, "a format has no pattern");
    }
    CheckDigit check;
    try {
      check = CheckDigit.of(f.path("check").asText("none"));
    } catch (IllegalArgumentException e) {
      throw invalid(code, e.getMessage());
    }
    return new NumberFormat(
        f.path("description").asText(""),
        pattern,
        check,
        List.copyOf(texts(f.path("examples"))),
        f.path("source").asText(""));
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static IllegalStateException invalid(String code, String why) {
    return new IllegalStateException(RESOURCE + ": carrier '" + code + "' " + why);
  }

  /** Every carrier, in the file's order. */
  public List<Entry> entries() {
    return List.copyOf(entries.values());
  }

  public Optional<Entry> find(String code) {
    return Optional.ofNullable(entries.get(code));
  }

  /**
   * The named aggregator's identifier for a Waybill carrier code, or empty when the catalogue has
   * none (the aggregator is then not asked to track that carrier).
   */
  public Optional<String> aggregatorId(String carrierCode, String aggregator) {
    return carrierCode == null
        ? Optional.empty()
        : find(carrierCode).flatMap(e -> e.aggregatorId(aggregator));
  }

  /**
   * The Waybill code of the carrier the named aggregator calls by this identifier (case ignored),
   * so a push naming AfterShip's {@code parcel-force} lands on {@code parcelforce} shipments.
   */
  public Optional<String> codeByAggregatorId(String aggregator, String id) {
    if (id == null) {
      return Optional.empty();
    }
    for (Entry e : entries.values()) {
      String theirs = e.aggregatorIds().get(aggregator);
      if (theirs != null && theirs.equalsIgnoreCase(id)) {
        return Optional.of(e.code());
      }
    }
    return Optional.empty();
  }
}
