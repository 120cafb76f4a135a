package dev.inkwell.runner.sdk;

import dev.inkwell.runner.conf.PreparedConf;
import dev.inkwell.runner.filter.Verdict;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.apisix.plugin.runner.HttpRequest;
import org.apache.apisix.plugin.runner.HttpResponse;
import org.apache.apisix.plugin.runner.PostRequest;
import org.apache.apisix.plugin.runner.PostResponse;
import org.apache.apisix.plugin.runner.filter.PluginFilterChain;

/**
 * Runs official-SDK filters. They were written for a runner that calls them on its event loop, and some block (a
 * database lookup, an HTTP call): here each chain runs on a virtual thread, and the answer goes back to the connection's
 * event loop through {@code done}. Exactly one of {@code done} / {@code failed} is called per chain.
 */
public final class OfficialFilters {

  private static final Logger LOG = Logger.getLogger(OfficialFilters.class.getName());

  private final Executor executor;

  public OfficialFilters(Executor executor) {
    this.executor = executor;
  }

  /** Runs the request chain; its decisions are added to {@code verdict} (which the Inkwell filters already filled). */
  public void filter(PreparedConf conf, HttpRequest request, Map<String, String> vars, byte[] body, Verdict verdict,
      Runnable done, Consumer<Throwable> failed) {
    executor.execute(() -> {
      try {
        HttpResponse response = new HttpResponse(request.getRequestId());
        request.initCtx(response, conf.raw());
        request.setVars(vars);
        request.setBody(body);
        new PluginFilterChain(conf.official()).filter(request, response);
        response.applyTo(verdict);
      } catch (Throwable t) {
        LOG.log(Level.WARNING, "filter failed on request " + request.getRequestId(), t);
        failed.accept(t);
        return;
      }
      done.run();
    });
  }

  /** Runs the response chain; {@code done} gets the encoded answer. */
  public void postFilter(PreparedConf conf, PostRequest request, Map<String, String> vars, byte[] body,
      Consumer<PostResponse> done, Consumer<Throwable> failed) {
    executor.execute(() -> {
      PostResponse response = new PostResponse(request.getRequestId());
      try {
        request.initCtx(conf.raw());
        request.setVars(vars);
        request.setBody(body);
        new PluginFilterChain(conf.officialPost()).postFilter(request, response);
      } catch (Throwable t) {
        LOG.log(Level.WARNING, "postFilter failed on request " + request.getRequestId(), t);
        failed.accept(t);
        return;
      }
      done.accept(response);
    });
  }
}
