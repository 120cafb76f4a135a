package dev.inkwell.runner.it;

import java.util.List;
import org.apache.apisix.plugin.runner.HttpRequest;
import org.apache.apisix.plugin.runner.HttpResponse;
import org.apache.apisix.plugin.runner.PostRequest;
import org.apache.apisix.plugin.runner.PostResponse;
import org.apache.apisix.plugin.runner.filter.PluginFilter;
import org.apache.apisix.plugin.runner.filter.PluginFilterChain;

/** An official-SDK-style filter that needs ExtraInfo round trips (two vars and the body) and rewrites 5xx answers. */
public final class EchoVarsFilter implements PluginFilter {

  @Override
  public String name() {
    return "echo-vars";
  }

  @Override
  public void filter(HttpRequest request, HttpResponse response, PluginFilterChain chain) {
    if ("stop".equals(request.getBody())) {
      response.setStatusCode(403);
      response.setBody("stopped by " + request.getConfig(this));
      return;
    }
    request.setHeader("x-vars", request.getVars("remote_addr") + "|" + request.getVars("server_port"));
    response.setHeader("x-body-length", String.valueOf(request.getBody() == null ? -1 : request.getBody().length()));
    chain.filter(request, response);
  }

  @Override
  public void postFilter(PostRequest request, PostResponse response, PluginFilterChain chain) {
    if (request.getUpstreamStatusCode() >= 500) {
      response.setStatusCode(502);
      response.setHeader("x-upstream-failed", request.getUpstreamHeaders().get("x-trace"));
      response.setBody("upstream failed (" + request.getVars("remote_addr") + ")");
    }
    chain.postFilter(request, response);
  }

  @Override
  public List<String> requiredVars() {
    return List.of("remote_addr", "server_port");
  }

  @Override
  public Boolean requiredBody() {
    return true;
  }
}
