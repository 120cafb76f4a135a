package dev.inkwell.runner.conf;

import dev.inkwell.runner.filter.EdgeFilter;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.apache.apisix.plugin.runner.A6ConfigWatcher;
import org.apache.apisix.plugin.runner.HttpRequest;
import org.apache.apisix.plugin.runner.HttpResponse;
import org.apache.apisix.plugin.runner.filter.PluginFilter;
import org.apache.apisix.plugin.runner.filter.PluginFilterChain;

/**
 * The filters this runner knows, by conf name: Inkwell's own, and official-SDK {@link PluginFilter}s found through
 * {@link ServiceLoader} (on the class path or in the plugins folder's jars) or named by class. The official runner
 * finds filters as Spring beans; here a filter needs a public no-argument constructor, and either a
 * {@code META-INF/services/org.apache.apisix.plugin.runner.filter.PluginFilter} entry or its class name in
 * {@code INKWELL_RUNNER_FILTERS}.
 */
public final class Filters {

  private static final Logger LOG = Logger.getLogger(Filters.class.getName());

  private final Map<String, EdgeFilter<?>> natives = new LinkedHashMap<>();
  private final Map<String, PluginFilter> official = new LinkedHashMap<>();
  private final List<A6ConfigWatcher> watchers = new ArrayList<>();

  public Filters(List<EdgeFilter<?>> natives) {
    for (EdgeFilter<?> f : natives) {
      this.natives.put(f.name(), f);
    }
  }

  /** Loads official filters and conf watchers from {@code loader} and the named classes. */
  public Filters loadOfficial(ClassLoader loader, List<String> classNames) {
    for (PluginFilter f : ServiceLoader.load(PluginFilter.class, loader)) {
      addOfficial(f);
    }
    for (A6ConfigWatcher w : ServiceLoader.load(A6ConfigWatcher.class, loader)) {
      watchers.add(w);
    }
    for (String name : classNames) {
      try {
        Object o = Class.forName(name, true, loader).getDeclaredConstructor().newInstance();
        if (o instanceof PluginFilter f) {
          addOfficial(f);
        } else if (o instanceof A6ConfigWatcher w) {
          watchers.add(w);
        } else {
          throw new IllegalArgumentException("INKWELL_RUNNER_FILTERS: " + name
              + " (expected: a class implementing PluginFilter or A6ConfigWatcher)");
        }
      } catch (ReflectiveOperationException | LinkageError e) {
        throw new IllegalArgumentException("INKWELL_RUNNER_FILTERS: " + name + " cannot be loaded: " + e);
      }
    }
    return this;
  }

  /** A class loader over the jars in {@code dir} (child of {@code parent}), or {@code parent} if dir is null. */
  public static ClassLoader pluginLoader(Path dir, ClassLoader parent) throws IOException {
    if (dir == null) {
      return parent;
    }
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("INKWELL_RUNNER_PLUGINS_DIR: " + dir + " (expected: a folder of jars)");
    }
    List<URL> jars = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
        jars.add(p.toUri().toURL());
      }
    }
    return new URLClassLoader(jars.toArray(URL[]::new), parent);
  }

  private void addOfficial(PluginFilter f) {
    String name = f.name();
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException(f.getClass().getName() + ".name() is empty (expected: the conf name)");
    }
    if (natives.containsKey(name) || official.containsKey(name)) {
      throw new IllegalArgumentException("two filters are named \"" + name + "\" (" + f.getClass().getName() + ")");
    }
    official.put(name, f);
    LOG.info(() -> "loaded filter " + name + " (" + f.getClass().getName() + ", official SDK)");
  }

  public EdgeFilter<?> nativeFilter(String name) {
    return natives.get(name);
  }

  public PluginFilter officialFilter(String name) {
    return official.get(name);
  }

  public List<A6ConfigWatcher> watchers() {
    return watchers;
  }

  public String names() {
    TreeSet<String> all = new TreeSet<>(natives.keySet());
    all.addAll(official.keySet());
    return String.join(", ", all);
  }

  /** Whether the filter overrides {@code postFilter} (else an HTTPRespCall needs nothing from it). */
  static boolean hasPostFilter(PluginFilter f) {
    try {
      Method m = f.getClass().getMethod("postFilter", org.apache.apisix.plugin.runner.PostRequest.class,
          org.apache.apisix.plugin.runner.PostResponse.class, PluginFilterChain.class);
      return m.getDeclaringClass() != PluginFilter.class;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  /** Whether the filter overrides {@code filter} (else an HTTPReqCall needs nothing from it). */
  static boolean hasFilter(PluginFilter f) {
    try {
      Method m = f.getClass().getMethod("filter", HttpRequest.class, HttpResponse.class, PluginFilterChain.class);
      return m.getDeclaringClass() != PluginFilter.class;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }
}
