package dev.waybill.platform.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.vertx.core.json.DecodeException;
import io.vertx.pgclient.PgException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every failure into an RFC 9457 {@code application/problem+json} response. */
public class ProblemMapper {

  private final MeterRegistry metrics;
  private final java.util.concurrent.atomic.AtomicLong lastUnreachableLog =
      new java.util.concurrent.atomic.AtomicLong();

  public ProblemMapper(MeterRegistry metrics) {
    this.metrics = metrics;
  }

  @ServerExceptionMapper
  public Response problem(ProblemException e, UriInfo uri) {
    Response.ResponseBuilder builder =
        Response.status(e.status())
            .type(Problem.MEDIA_TYPE)
            .entity(
                Problem.of(
                    e.status(),
                    e.type(),
                    e.title(),
                    e.getMessage(),
                    path(uri),
                    e.errors(),
                    e.extensions()));
    Object retryAfter = e.extensions().get("retryAfter");
    if (retryAfter != null) {
      builder.header("Retry-After", retryAfter.toString());
    }
    if (e.status() == 401) {
      builder.header("WWW-Authenticate", "Bearer realm=\"waybill\"");
    }
    return builder.build();
  }

  @ServerExceptionMapper
  public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
    List<FieldError> errors =
        e.getConstraintViolations().stream()
            .map(v -> new FieldError(fieldName(v), v.getMessage()))
            .sorted(Comparator.comparing(FieldError::field))
            .collect(Collectors.toList());
    return problem(new Problems.Invalid(errors), uri);
  }

  // Quarkus REST has its own mappers for these subtypes; the most specific mapper wins.
  @ServerExceptionMapper
  public Response invalidFormat(InvalidFormatException e, UriInfo uri) {
    return invalidJson(e, uri);
  }

  @ServerExceptionMapper
  public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
    return invalidJson(e, uri);
  }

  @ServerExceptionMapper
  public Response invalidJson(JsonProcessingException e, UriInfo uri) {
    if (e instanceof InvalidFormatException ife && ife.getTargetType().isEnum()) {
      String allowed =
          Arrays.stream(ife.getTargetType().getEnumConstants())
              .map(Object::toString)
              .collect(Collectors.joining(", "));
      return problem(
          new Problems.Invalid(
              jsonPath(ife),
              "'" + ife.getValue() + "' is not one of the allowed values: " + allowed),
          uri);
    }
    if (e instanceof JsonMappingException jme
        && !jme.getPath().isEmpty()
        && jme.getCause() instanceof IllegalArgumentException iae) {
      return problem(new Problems.Invalid(jsonPath(jme), iae.getMessage()), uri);
    }
    if (e instanceof MismatchedInputException mie && !mie.getPath().isEmpty()) {
      String expected =
          mie.getTargetType() == null ? "another type" : friendlyType(mie.getTargetType());
      return problem(new Problems.Invalid(jsonPath(mie), "must be " + expected), uri);
    }
    return problem(
        new Problems.Invalid("body", "is not valid JSON: " + e.getOriginalMessage()), uri);
  }

  /** A body that Vert.x's own JSON types (JsonObject, JsonArray) could not read. */
  @ServerExceptionMapper
  public Response undecodableJson(DecodeException e, UriInfo uri) {
    return problem(new Problems.Invalid("body", "is not valid JSON"), uri);
  }

  @ServerExceptionMapper
  public Response webApplication(WebApplicationException e, UriInfo uri, ResourceInfo resource) {
    int status = e.getResponse().getStatus();
    if (e.getCause() instanceof JsonProcessingException json) {
      return invalidJson(json, uri);
    }
    if (e instanceof NotFoundException && e.getCause() != null && resource != null) {
      // A query value that does not convert is the client's mistake, not a missing resource.
      java.util.Optional<FieldError> unreadable =
          QueryValues.firstUnreadable(resource.getResourceMethod(), uri.getQueryParameters());
      if (unreadable.isPresent()) {
        return problem(new Problems.Invalid(List.of(unreadable.get())), uri);
      }
    }
    String title =
        Response.Status.fromStatusCode(status) == null
            ? "Error"
            : Response.Status.fromStatusCode(status).getReasonPhrase();
    Response.ResponseBuilder builder =
        Response.status(status)
            .type(Problem.MEDIA_TYPE)
            .entity(
                Problem.of(
                    status,
                    slug(title),
                    title,
                    status == 404 ? "No resource at this path" : e.getMessage(),
                    path(uri),
                    null,
                    null));
    e.getResponse()
        .getHeaders()
        .forEach(
            (k, v) -> {
              if (!k.equalsIgnoreCase("Content-Type")) {
                builder.header(k, v.isEmpty() ? null : v.get(0));
              }
            });
    return builder.build();
  }

  @ServerExceptionMapper
  public Response unexpected(Throwable e, UriInfo uri) {
    if (unstorableText(e)) {
      return problem(
          new Problems.Invalid(
              "request", "contains a character that cannot be stored, such as NUL"),
          uri);
    }
    if (isOverload(e)) {
      metrics.counter("waybill.overload", "cause", e.getClass().getSimpleName()).increment();
      return problem(new Problems.Unavailable("The server is busy, please retry shortly", 1), uri);
    }
    if (Outages.unreachable(e)) {
      metrics.counter("waybill.unavailable", "cause", "connection").increment();
      long now = System.currentTimeMillis();
      long last = lastUnreachableLog.get();
      // Once per interval: during an outage every request would log the same line.
      if (now - last > 5_000 && lastUnreachableLog.compareAndSet(last, now)) {
        Log.warnf(
            "A data store is unreachable (%s on %s); writes answer 503 until it is back",
            rootMessage(e), path(uri));
      }
      return problem(
          new Problems.Unavailable(
              "A data store is unreachable; nothing was written, please retry shortly",
              UNREACHABLE_RETRY_AFTER_SECONDS),
          uri);
    }
    Log.errorf(e, "Unexpected failure on %s", path(uri));
    return Response.status(500)
        .type(Problem.MEDIA_TYPE)
        .entity(
            Problem.of(
                500,
                "internal",
                "Internal error",
                "Something went wrong on our side; it has been logged",
                path(uri),
                null,
                Map.of()))
        .build();
  }

  /** Seconds a client should wait after a store was unreachable: long enough for a failover. */
  static final int UNREACHABLE_RETRY_AFTER_SECONDS = 5;

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }

  /**
   * Postgres refuses text with NUL characters (22021) or characters its encoding lacks (22P05).
   * Such text came from the request: a path, query or header value that no field check sees.
   */
  private static boolean unstorableText(Throwable e) {
    int depth = 0;
    for (Throwable t = e; t != null && depth < 20; t = t.getCause(), depth++) {
      String state =
          t instanceof PgException pg
              ? pg.getSqlState()
              : t instanceof SQLException sql ? sql.getSQLState() : null;
      if ("22021".equals(state) || "22P05".equals(state)) {
        return true;
      }
    }
    return false;
  }

  /** Pool exhaustion (Redis or Postgres) means "too much load right now", not a bug. */
  private static boolean isOverload(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getClass().getSimpleName().equals("ConnectionPoolTooBusyException")) {
        return true;
      }
    }
    return false;
  }

  private static String fieldName(ConstraintViolation<?> v) {
    List<String> parts = new ArrayList<>();
    for (Path.Node node : v.getPropertyPath()) {
      // Skip the method and its parameter: clients only know the JSON body's field names.
      if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.PARAMETER) {
        continue;
      }
      String name = node.getName();
      if (node.getIndex() != null && !parts.isEmpty()) {
        int last = parts.size() - 1;
        parts.set(last, parts.get(last) + "[" + node.getIndex() + "]");
      }
      if (name != null && !name.startsWith("<")) {
        parts.add(name);
      }
    }
    if (parts.isEmpty()) {
      for (Path.Node node : v.getPropertyPath()) {
        if (node.getKind() == ElementKind.PARAMETER) {
          return node.getName();
        }
      }
      return "body";
    }
    return String.join(".", parts);
  }

  private static String jsonPath(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.length() == 0 ? "body" : sb.toString();
  }

  private static String friendlyType(Class<?> type) {
    if (type == String.class) {
      return "a string";
    }
    if (type == Integer.class
        || type == Long.class
        || type == Short.class
        || type == int.class
        || type == long.class
        || type == short.class) {
      return "a whole number";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    if (type.getName().startsWith("java.time")) {
      return "an ISO-8601 date-time such as 2026-11-25T10:15:30Z";
    }
    return "an object";
  }

  private static String slug(String title) {
    return title.toLowerCase().replace(' ', '-');
  }

  private static String path(UriInfo uri) {
    return uri == null ? null : uri.getPath();
  }
}
