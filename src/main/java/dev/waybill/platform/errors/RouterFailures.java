package dev.waybill.platform.errors;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Answers the client errors that the HTTP router finds before any resource runs (a streamed body
 * over the size limit) with a problem document. Without it the router replies with the bare status
 * and no body.
 */
@ApplicationScoped
public class RouterFailures {

  void install(@Observes Router router) {
    router.route().order(Integer.MIN_VALUE).failureHandler(this::failed);
  }

  private void failed(RoutingContext rc) {
    int status =
        rc.statusCode() == -1 && rc.failure() instanceof HttpException http
            ? http.getStatusCode()
            : rc.statusCode();
    if (status < 400 || status > 499 || rc.response().headWritten()) {
      rc.next();
      return;
    }
    String path = rc.request().path();
    Problem problem;
    if (status == 413) {
      problem = BodyLimit.problem(BodyLimit.limitOf(rc), path);
    } else {
      String title = HttpResponseStatus.valueOf(status).reasonPhrase();
      problem =
          Problem.of(status, title.toLowerCase().replace(' ', '-'), title, null, path, null, null);
    }
    rc.response()
        .setStatusCode(status)
        .putHeader("Content-Type", Problem.MEDIA_TYPE)
        // The rest of the request may still be unread.
        .putHeader("Connection", "close")
        .end(Json.encode(problem));
  }
}
