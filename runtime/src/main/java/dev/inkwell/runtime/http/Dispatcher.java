package dev.inkwell.runtime.http;

import dev.inkwell.runtime.app.AppRuntime;
import dev.inkwell.runtime.app.Apps;
import dev.inkwell.runtime.engine.Json;
import dev.inkwell.runtime.functions.FunctionSet;
import dev.inkwell.runtime.functions.LoadedFunction;
import dev.inkwell.runtime.metrics.RuntimeMetrics;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Decides what a request is: an internal endpoint ({@code /_/...}), or a call of an app's function, found by the Host
 * header (multi-app) or the configured app, then by path, falling back to {@code __default__}.
 *
 * <p>Concurrency: shared by all connections; stateless apart from the thread-safe {@link Apps}.
 */
final class Dispatcher {

  private static final Logger LOG = Logger.getLogger(Dispatcher.class.getName());

  private final Apps apps;
  private final String singleApp;
  private final String domainSuffix;
  private final RuntimeMetrics metrics;

  /**
   * @param singleApp the app served, or null in multi-app mode
   * @param domain multi-app mode: apps are {@code <appid>.<domain>}
   */
  Dispatcher(Apps apps, String singleApp, String domain, RuntimeMetrics metrics) {
    this.apps = apps;
    this.singleApp = singleApp;
    this.domainSuffix = domain == null ? null : "." + domain.toLowerCase(java.util.Locale.ROOT);
    this.metrics = metrics;
  }

  void handle(RequestData req, ResponseChannel out) {
    if (req.path().startsWith("/_/")) {
      internal(req, out);
      return;
    }
    String origin = req.header("origin");
    if (origin != null && req.method().equals("OPTIONS") && req.header("access-control-request-method") != null) {
      out.send(preflight(req, origin), req.keepAlive());
      return;
    }
    withApp(req, out, app -> call(req, out, app));
  }

  /**
   * CORS as Laf's runtime answers it (Express {@code cors()} with the caller's origin reflected and credentials allowed):
   * functions are meant to be called from web pages on other hosts, such as the app's own bucket site. Preflights are
   * answered here, without running a function; function answers carry the same headers ({@link HttpInvocation}).
   */
  private static FullHttpResponse preflight(RequestData req, String origin) {
    FullHttpResponse res = Responses.of(HttpResponseStatus.NO_CONTENT, "text/plain", new byte[0], req.requestId());
    HttpInvocation.cors(res.headers(), origin);
    res.headers().set("access-control-allow-methods", "GET, HEAD, PUT, PATCH, POST, DELETE");
    String asked = req.header("access-control-request-headers");
    if (asked != null) {
      res.headers().set("access-control-allow-headers", asked);
    }
    res.headers().set("access-control-max-age", "600");
    return res;
  }

  /**
   * A WebSocket upgrade: {@code next} gets the app when it has a {@code __websocket__} function (on the connection's
   * event loop); otherwise the request is answered 404.
   */
  void upgrade(RequestData req, ResponseChannel out, java.util.function.Consumer<AppRuntime> next) {
    withApp(req, out, app -> {
      if (app.functions().get(AppRuntime.WEBSOCKET) == null) {
        out.send(Responses.error(HttpResponseStatus.NOT_FOUND, "no __websocket__ function", req.requestId()), false);
      } else {
        next.accept(app);
      }
    });
  }

  private void withApp(RequestData req, ResponseChannel out, java.util.function.Consumer<AppRuntime> next) {
    String appid = singleApp != null ? singleApp : appidOf(req.host());
    if (appid == null) {
      out.send(Responses.error(HttpResponseStatus.NOT_FOUND, "app not found", req.requestId()), req.keepAlive());
      return;
    }
    CompletableFuture<AppRuntime> app = apps.get(appid);
    if (app.isDone() && !app.isCompletedExceptionally()) {
      found(req, out, app.getNow(null), next);
    } else {
      app.whenComplete((a, err) -> out.execute(() -> {
        if (err != null) {
          LOG.log(Level.WARNING, "request " + req.requestId() + ": app " + appid + " unavailable", err);
          out.send(Responses.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "app unavailable", req.requestId()),
              req.keepAlive());
        } else {
          found(req, out, a, next);
        }
      }));
    }
  }

  private void found(RequestData req, ResponseChannel out, AppRuntime app, java.util.function.Consumer<AppRuntime> next) {
    if (app == null) {
      out.send(Responses.error(HttpResponseStatus.NOT_FOUND, "app not found", req.requestId()), req.keepAlive());
    } else {
      next.accept(app);
    }
  }

  private void call(RequestData req, ResponseChannel out, AppRuntime app) {
    FunctionSet set = app.functions();
    String name = req.functionName();
    // Special functions (__init__, __interceptor__, ...) are never reachable by their own URL.
    LoadedFunction fn = name.isEmpty() || name.startsWith("__") ? null : set.get(name);
    if (fn == null) {
      fn = set.get(AppRuntime.DEFAULT);
    }
    if (fn == null) {
      out.send(Responses.error(HttpResponseStatus.NOT_FOUND, "function not found", req.requestId()), req.keepAlive());
      return;
    }
    if (!fn.allows(req.method())) {
      FullHttpResponse res = Responses.error(HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed",
          req.requestId());
      res.headers().set(HttpHeaderNames.ALLOW, String.join(", ", new java.util.TreeSet<>(fn.document().methods())));
      out.send(res, req.keepAlive());
      return;
    }
    HttpInvocation call = new HttpInvocation(app.appid(), req, fn.name(), out, app.tokens(),
        metrics.function(app.appid(), fn.name()));
    if (app.debugRequested(req.header("x-inkwell-debug"))) {
      call.captureLogs();
    }
    app.submit(call, set, fn);
  }

  /** {@code <appid>.<domain>[:port]} to appid; null for any other host. */
  String appidOf(String host) {
    if (host == null || domainSuffix == null) {
      return null;
    }
    String h = host.toLowerCase(java.util.Locale.ROOT);
    int colon = h.lastIndexOf(':');
    if (colon > 0 && h.indexOf(']') < colon) {
      h = h.substring(0, colon);
    }
    if (!h.endsWith(domainSuffix)) {
      return null;
    }
    String appid = h.substring(0, h.length() - domainSuffix.length());
    return appid.isEmpty() || appid.indexOf('.') >= 0 ? null : appid;
  }

  private void internal(RequestData req, ResponseChannel out) {
    switch (req.path()) {
      case "/_/healthz" -> out.send(Responses.json(HttpResponseStatus.OK, "{\"status\":\"ok\"}", req.requestId()),
          req.keepAlive());
      case "/_/metrics" -> out.send(Responses.of(HttpResponseStatus.OK, metrics.contentType(), metrics.scrape(),
          req.requestId()), req.keepAlive());
      case "/_/functions" -> withApp(req, out, app -> out.send(Responses.json(HttpResponseStatus.OK,
          functionsJson(app), req.requestId()), req.keepAlive()));
      default -> out.send(Responses.error(HttpResponseStatus.NOT_FOUND, "not found", req.requestId()), req.keepAlive());
    }
  }

  /** The app's functions with their state: what a developer checks after a publish. */
  static String functionsJson(AppRuntime app) {
    FunctionSet set = app.functions();
    Map<String, String> problems = app.problems();
    List<String> names = new ArrayList<>();
    set.all().forEach(f -> names.add(f.name()));
    problems.keySet().forEach(n -> {
      if (set.get(n) == null) {
        names.add(n);
      }
    });
    names.sort(null);
    StringBuilder sb = new StringBuilder("{\"appid\":").append(Json.quote(app.appid())).append(",\"version\":")
        .append(set.version()).append(",\"functions\":[");
    for (int i = 0; i < names.size(); i++) {
      String n = names.get(i);
      LoadedFunction f = set.get(n);
      String problem = problems.get(n);
      sb.append(i == 0 ? "" : ",").append("{\"name\":").append(Json.quote(n));
      sb.append(",\"status\":\"").append(f == null || f.error() != null ? "failed" : problem != null ? "stale" : "ok")
          .append('"');
      if (f != null) {
        sb.append(",\"methods\":[");
        List<String> ms = List.copyOf(f.document().methods());
        for (int m = 0; m < ms.size(); m++) {
          sb.append(m == 0 ? "" : ",").append(Json.quote(ms.get(m)));
        }
        sb.append(']');
      }
      if (problem != null) {
        sb.append(",\"error\":").append(Json.quote(problem));
      }
      sb.append('}');
    }
    return sb.append("]}").toString();
  }
}
