package dev.inkwell.runner.conf;

import dev.inkwell.runner.filter.Call;
import dev.inkwell.runner.filter.EdgeFilter;
import dev.inkwell.runner.filter.Verdict;

/** A filter with its parsed conf. */
public record Bound<C>(EdgeFilter<C> filter, C config) {

  public void apply(Call call, Verdict verdict) {
    filter.filter(config, call, verdict);
  }
}
