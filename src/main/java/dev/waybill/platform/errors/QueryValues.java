package dev.waybill.platform.errors;

import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MultivaluedMap;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Finds the query parameter whose value could not be converted to its declared type.
 *
 * <p>JAX-RS answers such a failure with {@code 404}, as if the path did not exist, which tells a
 * client nothing about its mistake; the resource method and the raw values say which parameter it
 * was, so the answer can be a {@code 400} naming it.
 */
final class QueryValues {

  private QueryValues() {}

  /** The first query parameter of the method whose value does not read as its type. */
  static Optional<FieldError> firstUnreadable(Method method, MultivaluedMap<String, String> query) {
    if (method == null || query == null) {
      return Optional.empty();
    }
    for (Parameter parameter : method.getParameters()) {
      QueryParam name = parameter.getAnnotation(QueryParam.class);
      if (name == null) {
        continue;
      }
      List<String> values = query.get(name.value());
      if (values == null) {
        continue;
      }
      for (String value : values) {
        String problem = unreadable(parameter.getType(), value);
        if (problem != null) {
          return Optional.of(new FieldError(name.value(), problem));
        }
      }
    }
    return Optional.empty();
  }

  private static String unreadable(Class<?> type, String value) {
    try {
      if (type == int.class || type == Integer.class) {
        Integer.parseInt(value.trim());
      } else if (type == long.class || type == Long.class) {
        Long.parseLong(value.trim());
      } else if (type == double.class || type == Double.class) {
        Double.parseDouble(value.trim());
      } else if (type == boolean.class || type == Boolean.class) {
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
          return "must be true or false";
        }
      } else if (type == UUID.class) {
        UUID.fromString(value.trim());
      } else if (type.isEnum()) {
        for (Object constant : type.getEnumConstants()) {
          if (((Enum<?>) constant).name().equalsIgnoreCase(value.trim())) {
            return null;
          }
        }
        return "is not one of the accepted values";
      }
      return null;
    } catch (IllegalArgumentException e) {
      return type == UUID.class
          ? "must be a UUID"
          : type == double.class || type == Double.class
              ? "must be a number"
              : "must be a whole number";
    }
  }
}
